// One MongoDB operation (shell method or driver call) to a rule: the classifier both mongosh and code in drivers use.
import { literalText, member, type Value } from '../../code/model.js';
import type { MongoRuleKey } from './rules.js';

export interface MongoOperation {
  readonly method: string;
  readonly args: readonly Value[];
  readonly database: string | null;
  readonly collection: string | null;
}

export interface MongoVerdict {
  readonly rule: MongoRuleKey;
  readonly summary: string;
  /** What it touches, for targets and the confirmation phrase. */
  readonly object?: { readonly kind: 'database' | 'collection'; readonly name: string };
}

const READS = new Set(['find', 'findOne', 'countDocuments', 'count', 'estimatedDocumentCount', 'distinct', 'stats', 'getIndexes', 'listIndexes', 'indexes', 'getCollectionNames', 'getCollectionInfos', 'listCollections', 'getName', 'getMongo', 'explain', 'watch', 'dataSize', 'storageSize', 'totalSize', 'totalIndexSize', 'validate', 'hello', 'isMaster', 'serverStatus', 'version', 'hostInfo', 'getUsers', 'getUser', 'getRoles', 'ping', 'list_collection_names', 'find_one', 'count_documents', 'estimated_document_count', 'index_information', 'list_indexes', 'list_database_names', 'listDatabases', 'toArray', 'forEach', 'map', 'next', 'hasNext', 'limit', 'sort', 'skip', 'project', 'pretty', 'itcount', 'print', 'printjson']);
const WRITES = new Set(['insertOne', 'insertMany', 'insert', 'updateOne', 'replaceOne', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete', 'deleteOne', 'createIndex', 'createIndexes', 'ensureIndex', 'createCollection', 'createView', 'bulkWrite', 'save', 'insert_one', 'insert_many', 'update_one', 'replace_one', 'delete_one', 'create_index', 'create_collection', 'bulk_write', 'find_one_and_update', 'find_one_and_delete', 'find_one_and_replace', 'createUser', 'grantRolesToUser', 'createRole']);
const ADMIN_DESTRUCTIVE = new Set(['shutdownServer', 'dropUser', 'dropAllUsersFromDatabase', 'dropRole', 'dropAllRoles', 'killOp', 'fsyncLock']);
/** Commands of runCommand/adminCommand, by their first key. */
const COMMAND_RULES: Readonly<Record<string, MongoRuleKey>> = { drop: 'drop-collection', dropDatabase: 'drop-database', dropIndexes: 'drop-index', deleteIndexes: 'drop-index', shutdown: 'admin-destructive', dropUser: 'admin-destructive', dropAllUsersFromDatabase: 'admin-destructive', dropRole: 'admin-destructive', killOp: 'admin-destructive' };
const READ_COMMANDS = new Set(['ping', 'hello', 'isMaster', 'ismaster', 'serverStatus', 'dbStats', 'dbstats', 'collStats', 'listDatabases', 'listCollections', 'buildInfo', 'buildinfo', 'count', 'find', 'aggregate', 'getParameter', 'connectionStatus', 'replSetGetStatus', 'hostInfo', 'listIndexes', 'currentOp', 'whatsmyuri', 'getLog']);

function isEmptyFilter(value: Value | undefined): boolean | null {
  if (!value || value.kind === 'null') return true;
  if (value.kind !== 'object') return null;
  if (value.open) return null;
  return value.entries.size === 0;
}

function where(op: MongoOperation): string {
  return [op.database, op.collection].filter((part) => part !== null).join('.') || 'the database';
}

export function classifyMongoOperation(op: MongoOperation): MongoVerdict {
  const target = where(op);
  const collection = op.collection ? { kind: 'collection' as const, name: target } : undefined;
  const database = { kind: 'database' as const, name: op.database ?? '?' };
  const call = `${target}.${op.method}()`;
  switch (op.method) {
    case 'dropDatabase':
    case 'drop_database':
      return { rule: 'drop-database', summary: `dropDatabase() on ${op.method === 'drop_database' ? literalText(op.args[0]) ?? '?' : op.database ?? '?'}`, object: op.method === 'drop_database' ? { kind: 'database', name: literalText(op.args[0]) ?? '?' } : database };
    case 'drop':
    case 'drop_collection':
      return { rule: 'drop-collection', summary: `drop() of ${op.method === 'drop_collection' ? `${op.database}.${literalText(op.args[0]) ?? '?'}` : target}`, ...(collection ? { object: collection } : {}) };
    case 'deleteMany':
    case 'remove':
    case 'delete_many': {
      const empty = isEmptyFilter(op.args[0]);
      if (empty === false) return { rule: 'write', summary: `${call} with a filter` };
      return { rule: empty ? 'delete-all' : 'unknown', summary: empty ? `${op.method}({}) deletes every document of ${target}` : `${call} with a filter guard cannot read`, ...(collection && empty ? { object: collection } : {}) };
    }
    case 'updateMany':
    case 'update':
    case 'update_many': {
      const empty = isEmptyFilter(op.args[0]);
      const update = op.args[1];
      const unsets = update?.kind === 'object' && (update.entries.has('$unset') || update.open !== null);
      if (empty && unsets) return { rule: 'unset-all', summary: `${op.method}({}, {$unset…}) on every document of ${target}`, ...(collection ? { object: collection } : {}) };
      if (empty === null || update?.kind === 'unknown') return { rule: 'unknown', summary: `${call} with arguments guard cannot read` };
      return { rule: 'write', summary: call };
    }
    case 'renameCollection':
    case 'rename': {
      const options = op.args[1];
      const dropTarget = options?.kind === 'boolean' ? options.value : options?.kind === 'object' ? member(options, 'dropTarget') : 'missing';
      const drops = dropTarget !== 'missing' && typeof dropTarget === 'object' ? dropTarget.kind === 'boolean' && dropTarget.value : dropTarget === true;
      if (drops) return { rule: 'drop-collection', summary: `renameCollection to ${literalText(op.args[0]) ?? '?'} with dropTarget: the existing collection is dropped`, object: { kind: 'collection', name: `${op.database ?? '?'}.${literalText(op.args[0]) ?? '?'}` } };
      return { rule: 'write', summary: call };
    }
    case 'dropIndex':
    case 'dropIndexes':
    case 'drop_index':
    case 'drop_indexes':
      return { rule: 'drop-index', summary: call, ...(collection ? { object: collection } : {}) };
    case 'aggregate': {
      const pipeline = op.args[0];
      if (pipeline?.kind !== 'array' || pipeline.open) return { rule: 'unknown', summary: `${call} with a pipeline guard cannot read` };
      const writes = pipeline.items.some((stage) => stage.kind !== 'object' || stage.open !== null || stage.entries.has('$out') || stage.entries.has('$merge'));
      return { rule: writes ? 'aggregate-write' : 'read', summary: call };
    }
    case 'runCommand':
    case 'adminCommand':
    case 'command':
      return classifyCommand(op, op.args[0], target);
  }
  if (ADMIN_DESTRUCTIVE.has(op.method)) return { rule: 'admin-destructive', summary: call };
  if (READS.has(op.method)) return { rule: 'read', summary: call };
  if (WRITES.has(op.method)) return { rule: 'write', summary: call };
  return { rule: 'unknown', summary: `${call}: a method guard does not know` };
}

function classifyCommand(op: MongoOperation, document: Value | undefined, target: string): MongoVerdict {
  const name = document?.kind === 'string' ? document.text : document?.kind === 'object' && !document.open ? [...document.entries.keys()][0] : undefined;
  if (!name) return { rule: 'unknown', summary: `${op.method} with a command guard cannot read` };
  const rule = COMMAND_RULES[name];
  if (rule) {
    const argument = document?.kind === 'object' ? literalText(document.entries.get(name)) : null;
    const object = rule === 'drop-collection' ? { kind: 'collection' as const, name: `${op.database ?? '?'}.${argument ?? '?'}` } : rule === 'drop-database' ? { kind: 'database' as const, name: op.method === 'adminCommand' ? 'admin' : op.database ?? '?' } : undefined;
    return { rule, summary: `${op.method}({${name}: ${argument ?? '…'}}) on ${op.method === 'adminCommand' ? 'admin' : target}`, ...(object ? { object } : {}) };
  }
  if (name === 'renameCollection' && document?.kind === 'object') {
    const drops = document.entries.get('dropTarget');
    if (drops?.kind === 'boolean' && drops.value) return { rule: 'drop-collection', summary: `renameCollection with dropTarget drops ${literalText(document.entries.get('to')) ?? '?'}`, object: { kind: 'collection', name: literalText(document.entries.get('to')) ?? '?' } };
    return { rule: 'write', summary: `${op.method}({renameCollection})` };
  }
  if (READ_COMMANDS.has(name)) return { rule: 'read', summary: `${op.method}({${name}})` };
  if (['insert', 'update', 'delete', 'create', 'createIndexes', 'findAndModify'].includes(name)) {
    if (name === 'delete') return { rule: 'unknown', summary: `${op.method}({delete}): guard does not read the deletes array` };
    return { rule: 'write', summary: `${op.method}({${name}})` };
  }
  return { rule: 'unknown', summary: `${op.method}({${name}}): a command guard does not know` };
}
