// Message descriptions for the protobuf decoder, written in a small text notation so the tables read
// like the Go types they mirror. One field is `'<jsonName>[:<type>][?|!]'`:
//   type      string (default) | int | bool | bytes | Time | MicroTime | FieldsV1 | RawExtension |
//             IntOrString | Quantity | <MessageName> | [<type>] (repeated) | {<type>} (map, string keys)
//   ?         Go pointer / optional: present on the wire means set, so zero values and {} are kept
//   !         Go value without `omitempty`: zero scalars are kept, as encoding/json would write them
//   (none)    Go value with `omitempty`: zero scalars and empty messages are dropped
// A name of `...` inlines the message's fields into the parent (Go embedded struct with `json:",inline"`).
// Field numbers are facts from upstream's generated.proto / types.go protobuf tags.

export type ScalarType =
  | 'string' | 'int' | 'bool' | 'bytes' | 'Time' | 'MicroTime' | 'FieldsV1' | 'RawExtension' | 'IntOrString' | 'Quantity';
const scalarTypes: ReadonlySet<string> = new Set<ScalarType>([
  'string', 'int', 'bool', 'bytes', 'Time', 'MicroTime', 'FieldsV1', 'RawExtension', 'IntOrString', 'Quantity',
]);

export type ValueType = { scalar: ScalarType } | { message: string };

export interface FieldSpec {
  readonly json: string;
  readonly inline: boolean;
  readonly cardinality: 'single' | 'repeated' | 'map';
  readonly value: ValueType;
  /** Keep zero values: `?` (pointer) or `!` (no omitempty). */
  readonly keepZero: boolean;
  /** `?`: an embedded message present on the wire is kept even when empty. */
  readonly pointer: boolean;
}

export interface MessageSpec {
  readonly name: string;
  readonly fields: ReadonlyMap<number, FieldSpec>;
}

/** Message name -> field number -> field notation. */
export type MessageTable = Readonly<Record<string, Readonly<Record<number, string>>>>;

export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}

function parseValue(text: string, where: string): ValueType {
  if (scalarTypes.has(text)) return { scalar: text as ScalarType };
  if (/^[A-Z]\w*$/.test(text)) return { message: text };
  throw new SchemaError(`${where}: bad type "${text}"`);
}

export function parseField(text: string, where = text): FieldSpec {
  const m = /^([\w.]+)(?::(\[[\w]+\]|\{[\w]+\}|\w+))?([?!])?$/.exec(text);
  if (!m) throw new SchemaError(`${where}: cannot parse field "${text}"`);
  const [, name, type = 'string', flag] = m as unknown as [string, string, string | undefined, string | undefined];
  let cardinality: FieldSpec['cardinality'] = 'single';
  let inner = type;
  if (type.startsWith('[')) { cardinality = 'repeated'; inner = type.slice(1, -1); }
  if (type.startsWith('{')) { cardinality = 'map'; inner = type.slice(1, -1); }
  const inline = name === '...';
  const value = parseValue(inner, where);
  if (inline && !('message' in value && cardinality === 'single')) throw new SchemaError(`${where}: only a message can be inlined`);
  return { json: name, inline, cardinality, value, keepZero: flag !== undefined, pointer: flag === '?' };
}

/** Parses the tables into one registry and checks that every referenced message exists. */
export function compileSchema(tables: readonly MessageTable[]): ReadonlyMap<string, MessageSpec> {
  const out = new Map<string, MessageSpec>();
  for (const table of tables) {
    for (const [name, fieldTexts] of Object.entries(table)) {
      if (out.has(name)) throw new SchemaError(`message ${name} defined twice`);
      const fields = new Map<number, FieldSpec>();
      for (const [num, text] of Object.entries(fieldTexts)) fields.set(Number(num), parseField(text, `${name}.${num}`));
      out.set(name, { name, fields });
    }
  }
  for (const spec of out.values()) {
    for (const [num, f] of spec.fields) {
      if ('message' in f.value && !out.has(f.value.message)) {
        throw new SchemaError(`${spec.name}.${num}: unknown message ${f.value.message}`);
      }
    }
  }
  return out;
}
