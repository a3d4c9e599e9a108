// Expected-text helpers for kubectl's human output.
// Contract: tabwrite() lays out tab-separated text the way Go's text/tabwriter does (column blocks
// of consecutive lines, width = widest cell + padding, at least minwidth; the last cell of a line
// is never padded), with kubectl's two settings: TABLE (`kubectl get`: minwidth 6, padding 3) and
// DESCRIBE (`kubectl describe`: minwidth 0, padding 2). parseTable() splits `kubectl get` output
// into cells by the header's column starts, so tests can match cells (strings or RegExps for
// values like AGE) and then check the exact layout by re-rendering the cells with tabwrite().
import assert from 'node:assert/strict';

export interface TabwriterSettings { minwidth: number; padding: number }
export const TABLE: TabwriterSettings = { minwidth: 6, padding: 3 };
export const DESCRIBE: TabwriterSettings = { minwidth: 0, padding: 2 };

export function tabwrite(text: string, s: TabwriterSettings): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];
  // Mirrors tabwriter's recursive block formatting: a column block is a run of consecutive lines
  // that have a tab-terminated cell in that column.
  const emit = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      out[i] = cells.map((c, j) => (j < cells.length - 1 && j < widths.length ? c.padEnd(widths[j]!) : c)).join('');
    }
  };
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      emit(line0, i);
      line0 = i;
      let width = s.minwidth;
      for (; i < line1; i++) {
        const cells = lines[i]!;
        if (column >= cells.length - 1) break;
        width = Math.max(width, cells[column]!.length + s.padding);
      }
      widths.push(width);
      format(line0, i);
      widths.pop();
      line0 = i;
      i--; // the for-loop's i++ must land on the first line after the block
    }
    emit(line0, line1);
  };
  format(0, lines.length);
  return out.join('\n');
}

/** Renders rows of cells as `kubectl get` prints them. */
export function table(rows: string[][]): string {
  return tabwrite(rows.map((r) => r.join('\t')).join('\n') + '\n', TABLE);
}

export type Cell = string | RegExp;

/** Splits `kubectl get` output into cells using the start of each header name. */
export function parseTable(output: string, headers: string[]): string[][] {
  const lines = output.replace(/\n$/, '').split('\n');
  const head = lines[0] ?? '';
  const starts: number[] = [];
  let from = 0;
  for (const h of headers) {
    const at = head.indexOf(h, from);
    assert.ok(at >= 0, `header ${h} not found in ${JSON.stringify(head)}`);
    starts.push(at);
    from = at + h.length;
  }
  return lines.map((l) => starts.map((st, i) => l.slice(st, starts[i + 1] ?? l.length).trimEnd()));
}

/**
 * Asserts `kubectl get` output: the header is exactly `headers`, the rows (in order) match
 * `rows` cell by cell, and the spacing is exactly what kubectl's tabwriter makes of those cells.
 */
export function assertTable(output: string, headers: string[], rows: Cell[][]): void {
  const got = parseTable(output, headers);
  assert.deepEqual(got[0], headers, 'header');
  assert.equal(got.length - 1, rows.length, `row count in:\n${output}`);
  rows.forEach((want, r) => {
    const cells = got[r + 1]!;
    want.forEach((w, c) => {
      const v = cells[c]!;
      if (typeof w === 'string') assert.equal(v, w, `row ${r} (${cells[0]}) column ${headers[c]} in:\n${output}`);
      else assert.match(v, w, `row ${r} (${cells[0]}) column ${headers[c]} in:\n${output}`);
    });
  });
  assert.equal(output, table(got), 'column layout');
}

/** An AGE cell for an object created during the test: seconds, or m+s past two minutes. */
export const AGE = /^(\d+s|\d+m\d*s?)$/;
