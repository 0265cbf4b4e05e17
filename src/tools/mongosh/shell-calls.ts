// mongosh's own API in code: `db.getSiblingDB(x).getCollection(y).drop()`, `db.users.find()`, `Mongo(uri).getDB(x)` as MongoDB operations.
import { CALL_RESULT, DYNAMIC_MEMBER, literalText, type CodeCall, type Value } from '../../code/model.js';
import type { MongoOperation } from './operations.js';

/** What mongosh defines for scripts; `load` reads another file. */
export const MONGOSH_GLOBALS: Readonly<Record<string, Value>> = {
  db: { kind: 'api', path: ['mongosh', 'db'] },
  load: { kind: 'api', path: ['mongosh', 'load'] },
  Mongo: { kind: 'api', path: ['mongosh', 'Mongo'] },
  connect: { kind: 'api', path: ['mongosh', 'connect'] },
  rs: { kind: 'api', path: ['mongosh', 'rs'] },
  sh: { kind: 'api', path: ['mongosh', 'sh'] },
  sp: { kind: 'api', path: ['mongosh', 'sp'] },
  print: { kind: 'api', path: ['mongosh', 'print'] },
  printjson: { kind: 'api', path: ['mongosh', 'printjson'] },
  sleep: { kind: 'api', path: ['mongosh', 'sleep'] },
  quit: { kind: 'api', path: ['mongosh', 'quit'] },
  exit: { kind: 'api', path: ['mongosh', 'exit'] },
  ObjectId: { kind: 'api', path: ['mongosh', 'ObjectId'] },
  ISODate: { kind: 'api', path: ['mongosh', 'ISODate'] },
  use: { kind: 'api', path: ['mongosh', 'use'] },
};

/** Helpers that print, wait or build values: no effect on the deployment. */
const HARMLESS = new Set(['print', 'printjson', 'sleep', 'quit', 'exit', 'ObjectId', 'ISODate']);
const DATABASE_GETTERS = new Set(['getSiblingDB', 'getDB']);
const COLLECTION_GETTERS = new Set(['getCollection']);
const GETTERS = new Set(['getMongo', 'getName', 'getCollectionNames', 'getSession', 'startSession', 'getReadPrefMode', 'getWriteConcern']);

export type ShellCall =
  | { readonly kind: 'operation'; readonly operation: MongoOperation }
  | { readonly kind: 'load'; readonly path: string | null }
  | { readonly kind: 'unknown'; readonly why: string }
  | { readonly kind: 'harmless' };

/** A mongosh API call as an operation on a database and collection; `defaultDb` is the connection's database. */
export function shellCallOf(call: CodeCall, defaultDb: string): ShellCall | null {
  if (call.api[0] !== 'mongosh') return null;
  const path = call.api.slice(1);
  const head = path[0] ?? '';
  if (path.length === 1 && HARMLESS.has(head)) return { kind: 'harmless' };
  if (head === 'load' && path.length === 1) return { kind: 'load', path: literalText(call.args[0]) };
  if (head === 'use' && path.length === 1) return { kind: 'harmless' };
  if (head === 'rs' || head === 'sh' || head === 'sp') {
    const method = path[path.length - 1] ?? '';
    return /^(status|conf|config|printReplicationInfo|printSecondaryReplicationInfo|isMaster|hello|help|getBalancerState|isBalancerRunning|printShardingStatus)$/.test(method) ? { kind: 'harmless' } : { kind: 'unknown', why: `${head}.${method}() changes the deployment's topology or settings` };
  }
  // Calls in the chain, in order: each `()` in the path is one of them (the last is this call).
  const calls: CodeCall[] = [];
  for (let current: CodeCall | undefined = call.receiver; current; current = current.receiver) calls.unshift(current);
  calls.push(call);
  let database: string | null = defaultDb;
  let collection: string | null = null;
  let callIndex = 0;
  const segments = head === 'db' ? path.slice(1) : path;
  if (head === 'Mongo' || head === 'connect') {
    const made = calls[callIndex++];
    const uri = literalText(made?.args[0]);
    if (head === 'connect') database = uri ? uri.slice(uri.lastIndexOf('/') + 1).split('?')[0] || 'test' : null;
    segments.shift();
    segments.shift();
  } else if (head !== 'db') return { kind: 'unknown', why: `${head} is a mongosh global guard does not follow` };
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (segment === CALL_RESULT) continue;
    const called = segments[i + 1] === CALL_RESULT;
    const last = i === segments.length - 1 || (called && i === segments.length - 2);
    if (segment === DYNAMIC_MEMBER) return { kind: 'unknown', why: 'a database, collection or method whose name is computed' };
    if (called && !last) {
      const made = calls[callIndex++];
      if (DATABASE_GETTERS.has(segment)) {
        database = literalText(made?.args[0]);
        collection = null;
        if (database === null) return { kind: 'unknown', why: `${segment}() of a database whose name guard cannot resolve` };
      } else if (COLLECTION_GETTERS.has(segment)) {
        collection = literalText(made?.args[0]);
        if (collection === null) return { kind: 'unknown', why: 'getCollection() of a collection whose name guard cannot resolve' };
      } else if (segment === 'getMongo') continue;
      // A cursor method after find() etc.: the operation is the first call on the collection.
      else return null;
      continue;
    }
    if (last) {
      // The getters themselves (`db.getSiblingDB('x')`) only name what the next call works on.
      if (DATABASE_GETTERS.has(segment) || COLLECTION_GETTERS.has(segment) || GETTERS.has(segment)) return { kind: 'harmless' };
      return { kind: 'operation', operation: { method: segment, args: call.args, database, collection } };
    }
    collection = collection === null ? segment : `${collection}.${segment}`;
  }
  return null;
}
