// mongosh's rule table: what shell code and driver calls do to a MongoDB deployment.
import type { Rule } from '../../core/types.js';

const RESTORE = 'No undo in MongoDB: restore from a backup (mongodump, Atlas snapshot or point-in-time restore) taken before.';
const UNKNOWN = 'Unknown: guard cannot tell what this code changes.';

const ROWS = {
  'drop-database': { risk: 'destructive', description: 'db.dropDatabase(), runCommand/adminCommand({dropDatabase: 1})', reason: 'Deletes the database with every collection, document and index in it.', recovery: RESTORE },
  'drop-collection': { risk: 'destructive', description: 'db.coll.drop(), runCommand({drop: …}), renameCollection(…, dropTarget: true)', reason: 'Deletes the collection with its documents and indexes.', recovery: RESTORE },
  'delete-all': { risk: 'destructive', description: 'deleteMany({}) / remove({}) / delete_many({}): no filter', reason: 'Deletes every document of the collection.', recovery: RESTORE },
  'unset-all': { risk: 'destructive', description: 'updateMany({}, {$unset…}) or replaceOne-free updates of every document that remove fields', reason: 'Removes fields from every document of the collection.', recovery: RESTORE },
  'drop-index': { risk: 'destructive', description: 'dropIndex / dropIndexes', reason: 'Removes indexes; queries and unique constraints that relied on them change at once.', recovery: 'Recreate the index (createIndex); it rebuilds from the data.' },
  'admin-destructive': { risk: 'destructive', description: 'shutdownServer, dropUser, dropAllUsersFromDatabase, dropRole, killOp', reason: 'Stops the server or removes users and roles.', recovery: 'Recreate users and roles from their definitions; restart the server.' },
  write: { risk: 'write', description: 'insert*, update*/replace*/delete* with a filter, createIndex, createCollection, bulkWrite', reason: 'Changes the documents or collections it names.' },
  read: { risk: 'read', description: 'find, findOne, countDocuments, aggregate without $out/$merge, stats, show, getCollectionNames', reason: 'Reads only.' },
  'aggregate-write': { risk: 'write', description: 'aggregate with $out or $merge', reason: '$out replaces a whole collection with the pipeline\'s result; $merge writes into one.' },
  unknown: { risk: 'unknown', description: 'Shell code or a command guard cannot follow: eval, computed names, unknown methods, runCommand with a computed document', reason: 'guard cannot tell what this does to the database.', recovery: UNKNOWN },
  'code-unknown': { risk: 'unknown', description: 'A script file, load() or ~/.mongoshrc.js guard cannot read or parse', reason: 'guard cannot see the code mongosh runs.', recovery: UNKNOWN },
  'bad-arguments': { risk: 'unknown', description: 'Options mongosh does not document', reason: 'guard cannot tell what mongosh will run.', recovery: UNKNOWN },
  info: { risk: 'read', description: '--help, --version, --build-info', reason: 'Prints information and exits.' },
  interactive: { risk: 'read', description: 'mongosh at a terminal without --eval or a file: an interactive shell', reason: 'Each command typed is the user\'s own.' },
} as const satisfies Record<string, Omit<Rule, 'id'>>;

export type MongoRuleKey = keyof typeof ROWS;

export const mongoshRules: Readonly<Record<MongoRuleKey, Rule>> = Object.fromEntries(Object.entries(ROWS).map(([key, row]) => [key, { id: `mongosh/${key}`, ...row }])) as Record<MongoRuleKey, Rule>;
