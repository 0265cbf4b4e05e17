// Which function calls in a parsed MySQL statement are built in, and which run a stored or loadable function.
import { BUILTIN_FUNCTION_NAMES, QUOTED_BUILTIN_NAMES } from './builtin-functions.generated.js';

/** Built-in functions that change state: a sequence's next value or a set value persists. */
export const WRITING_BUILTINS = new Set(['NEXTVAL', 'SETVAL', 'LASTVAL']);

/**
 * Whether a call resolves to a built-in, as the server resolved it when the table was generated. A
 * schema-qualified name (`shop.f()`) is always a stored function; a backticked name finds only the
 * native registry, not the keyword spellings.
 */
export function isBuiltinFunction(schema: string | null, name: string, quoted: boolean): boolean {
  if (schema !== null) return false;
  return (quoted ? QUOTED_BUILTIN_NAMES : BUILTIN_FUNCTION_NAMES).has(name.toUpperCase());
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface FunctionCall {
  /** `shop.f`, or `f` when neither the call nor the session names a database. */
  readonly name: string;
  readonly builtin: boolean;
}

/** The function's name parts from node-sql-parser's `{name:{name:[…], schema}}` (a function node) or an aggregate's name. */
function callOf(node: Node, current: string | null): FunctionCall | null {
  if (node.type === 'aggr_func') {
    const name = String(node.name ?? '');
    return { name: current ? `${current}.${name}` : name, builtin: isBuiltinFunction(null, name, false) };
  }
  if (node.type !== 'function' || !isNode(node.name)) return null;
  const parts = Array.isArray(node.name.name) ? node.name.name.filter(isNode) : [];
  const last = parts[parts.length - 1];
  if (last === undefined) return null;
  const name = String(last.value ?? '');
  const schemaNode = isNode(node.name.schema) ? node.name.schema : parts.length > 1 ? parts[parts.length - 2] : undefined;
  const schema = schemaNode ? String(schemaNode.value ?? '') : null;
  const quoted = last.type === 'backticks_quote_string';
  const builtin = isBuiltinFunction(schema, name, quoted);
  const database = schema ?? current;
  return { name: database ? `${database}.${name}` : name, builtin };
}

const MAX_NODES = 200_000;

/** Every function call anywhere in the statement's tree (subqueries, WHERE, SET, VALUES…). */
export function functionCalls(ast: unknown, current: string | null): FunctionCall[] {
  const calls: FunctionCall[] = [];
  const stack: unknown[] = [ast];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (!isNode(value)) continue;
    const call = callOf(value, current);
    if (call) calls.push(call);
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  // A tree too large to walk to its end is judged as if it called something unknown.
  if (stack.length > 0) calls.push({ name: '(statement too large to read every call)', builtin: false });
  return calls;
}
