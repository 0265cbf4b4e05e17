// mongosh's page in docs/tools/: the code it runs, the deployment it reaches, the live counts.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'MongoDB Shell: mongosh',
  resolution: [
    'The code mongosh runs: every `--eval`, the script files (`-f`, operands ending in .js or .mongodb), files they `load()`, `~/.mongoshrc.js` unless `--norc`, and commands piped on stdin, parsed as JavaScript with tree-sitter.',
    'mongosh\'s API is classified: dropDatabase, drop, deleteMany({})/remove({}), updateMany({}, {$unset…}), getSiblingDB/getDB/getCollection chains, runCommand/adminCommand with drop or dropDatabase, renameCollection with dropTarget, dropIndexes, shutdownServer.',
    'The deployment: a `mongodb://` or `mongodb+srv://` connection string, `host:port/db`, `--host` (replica sets too) and `--port`; the database operand (default `test`). A host or database word naming a protected environment wins; this machine is local; anything else is unresolved (protected).',
  ],
  liveLookups: ['Through mongosh itself, in a read-only `--eval` with the same connection arguments and `--norc`: `stats()` of a database (documents, bytes, collections) or `countDocuments({})` and `stats()` of a collection; 10 s timeout.'],
  notes: ['Passwords (`-p`, `--password`, in the connection string) are masked in reports and the audit log.', 'No MongoDB server runs on the test machines: the live look-ups are tested with a fake mongosh on PATH.'],
};
