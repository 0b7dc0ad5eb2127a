/**
 * A JSON syntax tree for the fuzz suite, serialised by hand: unlike JSON.stringify it can write
 * the same key twice, `__proto__` as an own key, numbers JavaScript cannot hold (1e400,
 * 30-digit integers) and verbatim fragments (deep nesting, malformed text). Strings go through
 * JSON.stringify, which escapes a lone UTF-16 surrogate as `\udXXX` (well-formed JSON text).
 */
export type Json =
  | { k: 'null' }
  | { k: 'bool'; v: boolean }
  | { k: 'num'; raw: string }
  | { k: 'str'; v: string }
  | { k: 'arr'; items: Json[] }
  | { k: 'obj'; entries: Array<[string, Json]> }
  | { k: 'raw'; text: string };

/** A position in a tree: object keys and array indexes from the root. */
export type JsonPath = Array<string | number>;

export const J = {
  null: (): Json => ({ k: 'null' }),
  bool: (v: boolean): Json => ({ k: 'bool', v }),
  num: (n: number | string): Json => ({ k: 'num', raw: String(n) }),
  str: (v: string): Json => ({ k: 'str', v }),
  arr: (items: Json[]): Json => ({ k: 'arr', items }),
  obj: (entries: Array<[string, Json]>): Json => ({ k: 'obj', entries }),
  raw: (text: string): Json => ({ k: 'raw', text }),
};

/** The tree of a plain JavaScript value (objects keep their own enumerable keys, in order). */
export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return J.null();
  if (typeof value === 'boolean') return J.bool(value);
  if (typeof value === 'number') return J.num(Number.isFinite(value) ? value : 'null');
  if (typeof value === 'string') return J.str(value);
  if (Array.isArray(value)) return J.arr(value.map(toJson));
  if (typeof value === 'object') return J.obj(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJson(v)]));
  return J.str(String(value));
}

/** JSON text of a tree. Iterative, so a deep tree cannot overflow the stack of the test process. */
export function serialize(root: Json): string {
  const out: string[] = [];
  const stack: Array<Json | string> = [root];
  while (stack.length) {
    const item = stack.pop() as Json | string;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    switch (item.k) {
      case 'null':
        out.push('null');
        break;
      case 'bool':
        out.push(item.v ? 'true' : 'false');
        break;
      case 'num':
        out.push(item.raw);
        break;
      case 'str':
        out.push(JSON.stringify(item.v));
        break;
      case 'raw':
        out.push(item.text);
        break;
      case 'arr': {
        const parts: Array<Json | string> = ['['];
        item.items.forEach((v, i) => parts.push(...(i ? [','] : []), v));
        parts.push(']');
        for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
        break;
      }
      case 'obj': {
        const parts: Array<Json | string> = ['{'];
        item.entries.forEach(([key, v], i) => parts.push(`${i ? ',' : ''}${JSON.stringify(key)}:`, v));
        parts.push('}');
        for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
        break;
      }
    }
  }
  return out.join('');
}

/** Every path of the tree (the root is `[]`), parents before children. */
export function paths(root: Json, maxDepth = 12): JsonPath[] {
  const out: JsonPath[] = [];
  const walk = (node: Json, at: JsonPath) => {
    out.push(at);
    if (at.length >= maxDepth) return;
    if (node.k === 'arr') node.items.forEach((v, i) => walk(v, [...at, i]));
    if (node.k === 'obj') node.entries.forEach(([key, v]) => walk(v, [...at, key]));
  };
  walk(root, []);
  return out;
}

/** The node at a path (the last entry of a duplicated key), or undefined. */
export function getAt(root: Json, path: JsonPath): Json | undefined {
  let cur: Json | undefined = root;
  for (const step of path) {
    if (!cur) return undefined;
    if (cur.k === 'arr' && typeof step === 'number') cur = cur.items[step];
    else if (cur.k === 'obj' && typeof step === 'string') cur = [...cur.entries].reverse().find(([key]) => key === step)?.[1];
    else return undefined;
  }
  return cur;
}

/** A copy of the tree with the node at `path` replaced by `f(node)`. */
export function updateAt(root: Json, path: JsonPath, f: (node: Json) => Json): Json {
  if (path.length === 0) return f(root);
  const [step, ...rest] = path;
  if (root.k === 'arr' && typeof step === 'number') {
    return J.arr(root.items.map((v, i) => (i === step ? updateAt(v, rest, f) : v)));
  }
  if (root.k === 'obj' && typeof step === 'string') {
    const last = root.entries.map(([key]) => key).lastIndexOf(step);
    return J.obj(root.entries.map(([key, v], i) => [key, i === last ? updateAt(v, rest, f) : v]));
  }
  return root;
}

/** The field name the API uses for a path: `customer.email`, `categories[0].code`. */
export function fieldName(path: JsonPath): string {
  return path.reduce<string>((acc, step) => (typeof step === 'number' ? `${acc}[${step}]` : acc ? `${acc}.${step}` : step), '');
}

/** `depth` nested objects (`{"a":{"a":…1…}}`) or arrays (`[[…]]`) as verbatim text. */
export function deepNesting(depth: number, kind: 'object' | 'array'): Json {
  return kind === 'object' ? J.raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) : J.raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);
}
