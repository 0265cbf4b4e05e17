// mongosh's case table: --eval, files, load() and ~/.mongoshrc.js, every rule, the chains and commands of issue 14.
import type { ToolCase } from '../tool.js';

const evalCase = (code: string, risk: ToolCase['risk'], rule: string, note?: string): ToolCase => ({ argv: ['mongosh', 'app', '--norc', '--eval', code], risk, rules: [`mongosh/${rule}`], ...(note ? { note } : {}) });

export const mongoshCases: Readonly<Record<string, readonly ToolCase[]>> = {
  mongosh: [
    evalCase('db.dropDatabase()', 'destructive', 'drop-database'),
    evalCase('db.getSiblingDB("x").getCollection("y").drop()', 'destructive', 'drop-collection', 'getSiblingDB/getCollection chain'),
    evalCase('db.orders.drop()', 'destructive', 'drop-collection'),
    evalCase('db.orders.deleteMany({})', 'destructive', 'delete-all'),
    evalCase('db.orders.remove({})', 'destructive', 'delete-all'),
    evalCase('db.orders.deleteMany({ status: "old" })', 'write', 'write'),
    evalCase('db.users.updateMany({}, { $unset: { email: "" } })', 'destructive', 'unset-all'),
    evalCase('db.runCommand({ drop: "orders" })', 'destructive', 'drop-collection', 'runCommand drop'),
    evalCase('db.adminCommand({ dropDatabase: 1 })', 'destructive', 'drop-database', 'adminCommand dropDatabase'),
    evalCase('db.a.renameCollection("b", true)', 'destructive', 'drop-collection', 'renameCollection with dropTarget'),
    evalCase('db.a.renameCollection("b")', 'write', 'write'),
    evalCase('db.orders.dropIndexes()', 'destructive', 'drop-index'),
    evalCase('db.shutdownServer()', 'destructive', 'admin-destructive'),
    evalCase('db.users.find({})', 'read', 'read'),
    evalCase('db.users.find({}).toArray()', 'read', 'read'),
    evalCase('db.orders.aggregate([{ $match: {} }, { $out: "copy" }])', 'write', 'aggregate-write'),
    evalCase('const name = process.argv[2]; db.getSiblingDB(name).dropDatabase()', 'unknown', 'unknown', 'a database name guard cannot resolve'),
    evalCase('db[coll].drop()', 'unknown', 'unknown', 'a computed collection'),
    evalCase('eval("db.dropDatabase()")', 'unknown', 'code-unknown', 'eval'),
    evalCase('db.orders.frobnicate()', 'unknown', 'unknown', 'a method guard does not know'),
    { argv: ['mongosh', 'app', '--norc', 'cleanup.js'], risk: 'destructive', rules: ['mongosh/drop-database'], world: { files: { 'cleanup.js': 'db.dropDatabase();\n' } }, note: 'a script file' },
    { argv: ['mongosh', 'app', '--norc', '--eval', 'load("lib.js")'], risk: 'destructive', rules: ['mongosh/delete-all'], world: { files: { 'lib.js': 'db.sessions.deleteMany({});\n' } }, note: 'load() of another file' },
    { argv: ['mongosh', 'app', '--eval', 'db.users.find()'], risk: 'destructive', rules: ['mongosh/drop-database'], world: { files: { '.mongoshrc.js': 'db.getSiblingDB("cache").dropDatabase();\n' } }, note: '~/.mongoshrc.js runs too (the world home is its cwd)' },
    { argv: ['mongosh', 'app', '--norc', 'missing.js'], risk: 'unknown', rules: ['mongosh/code-unknown'], note: 'a file guard cannot read' },
    { argv: ['mongosh', '--frobnicate'], risk: 'unknown', rules: ['mongosh/bad-arguments'] },
    { argv: ['mongosh', '--version'], risk: 'read', rules: ['mongosh/info'] },
    { argv: ['mongosh', 'app', '--norc'], risk: 'read', rules: ['mongosh/interactive'], world: { stdin: 'tty' } },
    { argv: ['mongosh', 'app', '--norc'], risk: 'destructive', rules: ['mongosh/drop-database'], world: { stdin: 'db.dropDatabase()\n' }, note: 'commands piped on stdin' },
    { argv: ['mongosh', 'mongodb://ana:pw@db.prod.internal:27017/shop', '--norc', '--eval', 'db.orders.drop()'], risk: 'destructive', rules: ['mongosh/drop-collection'], note: 'a connection string naming prod' },
  ],
};
