// Reads a Lua script (EVAL, --eval) with a real Lua parser: the redis.call()s it makes, or why guard cannot follow it.

/** Stands for an argument the script computes at run time (shown as `?`, never looked up). */
export const DYNAMIC_ARGUMENT = '\u0000?';

export interface LuaCalls {
  /** Each redis.call/pcall with literal arguments; KEYS[n]/ARGV[n] filled in from what the command passes. */
  readonly calls: readonly (readonly string[])[];
  /** Why the script cannot be followed (a dynamic command name, redis.call passed around, load()). */
  readonly opaque: readonly string[];
}

type LuaNode = { type: string; [field: string]: unknown };

const CALL_NAMES = new Set(['call', 'pcall']);
const CALL_OWNERS = new Set(['redis', 'server']);
const DYNAMIC_CODE = new Set(['load', 'loadstring', 'dofile', 'loadfile', 'require', 'setfenv', 'getfenv', 'rawset', 'rawget']);

function isNode(value: unknown): value is LuaNode {
  return typeof value === 'object' && value !== null && typeof (value as LuaNode).type === 'string';
}

function isRedisCall(node: unknown): boolean {
  if (!isNode(node) || node.type !== 'MemberExpression') return false;
  const base = node.base as LuaNode;
  const identifier = node.identifier as LuaNode;
  return isNode(base) && base.type === 'Identifier' && CALL_OWNERS.has(String(base.name)) && CALL_NAMES.has(String(identifier?.name));
}

/** A literal argument's text; `KEYS[2]`/`ARGV[1]` from the command's own lists; null when dynamic. */
function literal(node: unknown, keys: readonly string[], argv: readonly string[]): string | null {
  if (!isNode(node)) return null;
  if (node.type === 'StringLiteral') return typeof node.value === 'string' ? node.value : String(node.raw).slice(1, -1);
  if (node.type === 'NumericLiteral') return String(node.value);
  if (node.type === 'IndexExpression' && isNode(node.base) && node.base.type === 'Identifier' && isNode(node.index) && node.index.type === 'NumericLiteral') {
    const list = node.base.name === 'KEYS' ? keys : node.base.name === 'ARGV' ? argv : null;
    const value = list?.[Number(node.index.value) - 1];
    return value ?? null;
  }
  return null;
}

/** Parses `source`; `keys` and `argv` are what the command passes (EVAL script N k1 … a1 …). */
export async function readLuaCalls(source: string, keys: readonly string[], argv: readonly string[]): Promise<LuaCalls> {
  const { default: luaparse } = (await import('luaparse')) as { default: { parse(code: string, options: object): unknown } };
  let chunk: unknown;
  try {
    chunk = luaparse.parse(source, { luaVersion: '5.1', encodingMode: 'x-user-defined', scope: false, comments: false });
  } catch (error) {
    return { calls: [], opaque: [`the Lua script does not parse: ${(error as Error).message}`] };
  }
  const calls: string[][] = [];
  const opaque: string[] = [];
  const seenAsCallee = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isNode(node)) return;
    if (node.type === 'CallExpression' || node.type === 'StringCallExpression' || node.type === 'TableCallExpression') {
      if (isRedisCall(node.base)) {
        seenAsCallee.add(node.base);
        const args = node.type === 'CallExpression' ? (node.arguments as unknown[]) : [node.argument];
        const values = args.map((arg) => literal(arg, keys, argv));
        const name = values[0];
        if (name === null || name === undefined) opaque.push('redis.call with a command name computed at run time');
        else calls.push(values.map((value) => value ?? DYNAMIC_ARGUMENT));
      } else if (isNode(node.base) && node.base.type === 'Identifier' && DYNAMIC_CODE.has(String(node.base.name))) {
        opaque.push(`${String(node.base.name)}() runs code guard cannot see`);
      }
    }
    if (node.type === 'MemberExpression' && isRedisCall(node) && !seenAsCallee.has(node)) {
      opaque.push('redis.call is passed around as a value');
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'type') visit(value);
  };
  visit(chunk);
  return { calls, opaque };
}
