// Bounded waiting for e2e tests that drive controllers: eventually(check) runs `check` (which asserts
// and may return a value) until it stops throwing, and returns its value; after `timeoutMs` (20 s by
// default) it throws the last assertion error, so a failure reports what was last seen, not "timeout".
// Also the small readers of kubectl output those tests share.

export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() >= deadline) {
        if (e instanceof Error) e.message = `still failing after ${timeoutMs} ms: ${e.message}`;
        throw e;
      }
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Splits a comma-separated kubectl cell ("a:80,b:80") into its sorted entries; "" and "<none>" are empty. */
export function cellList(cell: string): string[] {
  const v = cell.trim();
  return v === '' || v === '<none>' || v === '<unset>' ? [] : v.split(',').sort();
}

/** The value after `Label:` on the first line of `kubectl describe` output that starts with it. */
export function describeValue(text: string, label: string): string {
  const line = text.split('\n').find((l) => l.startsWith(`${label}:`));
  if (line === undefined) throw new Error(`no "${label}:" line in:\n${text}`);
  return line.slice(label.length + 1).trim();
}

