// The script runners' case table: every rule through a fixture script in JavaScript (node, tsx, ts-node, deno) or Python (python, python3).
import type { Risk } from '../../core/risk.js';
import type { ToolCase } from '../tool.js';

const API = 'https://backboard.railway.com/graphql/v2';
const gqlJs = (query: string) => `fetch('${API}', { method: 'POST', body: JSON.stringify({ query: ${query} }) });`;
const gqlPy = (query: string) => `import requests\nrequests.post("${API}", json={"query": ${query}})`;

interface Fixture {
  readonly rule: string;
  readonly risk: Risk;
  readonly code: string;
  readonly note?: string;
}

const JS: readonly Fixture[] = [
  { rule: 'railway-destructive', risk: 'destructive', code: gqlJs(`'mutation { volumeDelete(volumeId: "vol_1") }'`), note: 'the incident as fetch' },
  { rule: 'railway-destructive', risk: 'destructive', code: `const send = globalThis['fe' + 'tch'];\nconst op = 'volume' + 'Delete';\nsend('${API}', { method: 'POST', body: JSON.stringify({ query: \`mutation { \${op}(volumeId: "vol_1") }\` }) });`, note: 'an alias of fetch, a computed member, concatenation' },
  { rule: 'railway-unknown', risk: 'unknown', code: gqlJs('process.argv[2]'), note: 'a query guard cannot resolve' },
  { rule: 'railway-write', risk: 'write', code: gqlJs(`'mutation { serviceInstanceRedeploy(environmentId: "e", serviceId: "s") }'`) },
  { rule: 'railway-read', risk: 'read', code: gqlJs(`'query { me { id } }'`) },
  { rule: 'http-delete', risk: 'destructive', code: `const axios = require('axios');\nconst api = axios.create({ baseURL: 'https://api.example.com' });\napi.delete('/namespaces/prod');` },
  { rule: 'http-unknown-method', risk: 'unknown', code: `fetch('https://cdn.example.com/x', { method: 'PURGE' });` },
  { rule: 'http-write', risk: 'write', code: `import axios from 'axios';\nawait axios.post('https://api.example.com/items', { a: 1 });` },
  { rule: 'http-read', risk: 'read', code: `const r = await fetch('https://example.com/data.json');\nconsole.log(await r.json());` },
  { rule: 'unseen-input', risk: 'unknown', code: `fetch(process.argv[2], { method: 'POST', body: 'x' });` },
  { rule: 'code-unknown', risk: 'unknown', code: `eval(process.argv[2]);` },
  { rule: 'code-unknown', risk: 'unknown', code: `const m = require(process.env.MODULE_NAME);\nm.run();`, note: 'a module loaded by a computed name' },
  { rule: 'runs-nothing-guarded', risk: 'read', code: `const fs = require('node:fs');\nconst path = require('node:path');\nfs.mkdirSync('dist', { recursive: true });\nfs.writeFileSync(path.join('dist', 'out.js'), fs.readFileSync('src.js', 'utf8'));`, note: 'a build script' },
  { rule: 'process-unknown', risk: 'unknown', code: `require('child_process').execSync(process.argv[2]);` },
  { rule: 'aws-unknown', risk: 'unknown', code: `const { S3Client } = require('@aws-sdk/client-s3');\nnew S3Client({}).send(makeCommand());` },
  { rule: 'sql-unknown', risk: 'unknown', code: `const mysql = require('mysql2');\nmysql.createConnection({}).query(process.argv[2]);`, note: 'MySQL text guard cannot see' },
  { rule: 'redis-destructive', risk: 'destructive', code: `const { createClient } = require('redis');\nconst c = createClient();\nawait c.flushAll();` },
  { rule: 'redis-call', risk: 'unknown', code: `const Redis = require('ioredis');\nnew Redis().set('k', 'v');` },
  { rule: 'redis-read', risk: 'read', code: `const Redis = require('ioredis');\nnew Redis().get('k');` },
  { rule: 'prisma-destructive', risk: 'destructive', code: `const { PrismaClient } = require('@prisma/client');\nconst prisma = new PrismaClient();\nawait prisma.user.deleteMany();` },
  { rule: 'prisma-write', risk: 'write', code: `const { PrismaClient } = require('@prisma/client');\nawait new PrismaClient().user.deleteMany({ where: { id: 1 } });` },
  { rule: 'prisma-read', risk: 'read', code: `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nconsole.log(await prisma.user.findMany());` },
  { rule: 'prisma-unknown', risk: 'unknown', code: `import { PrismaClient } from '@prisma/client';\nawait new PrismaClient().$executeRawUnsafe(process.argv[2]);` },
];

const PY: readonly Fixture[] = [
  { rule: 'sql-unknown', risk: 'unknown', code: `import sys\nimport pymysql\npymysql.connect().cursor().execute(sys.argv[1])`, note: 'MySQL text guard cannot see' },
  { rule: 'railway-destructive', risk: 'destructive', code: gqlPy(`'mutation { volumeDelete(volumeId: "vol_1") }'`), note: 'the incident as requests.post' },
  { rule: 'railway-destructive', risk: 'destructive', code: `import requests as r\npost = r.post\nq = "mutation { " + "volumeDelete" + '(volumeId: "vol_1") }'\npost("${API}", json={"query": q})`, note: 'an alias of requests.post, concatenation' },
  { rule: 'railway-unknown', risk: 'unknown', code: `import sys\n${gqlPy('sys.argv[1]')}` },
  { rule: 'railway-write', risk: 'write', code: gqlPy(`'mutation { serviceInstanceRedeploy(environmentId: "e", serviceId: "s") }'`) },
  { rule: 'railway-read', risk: 'read', code: gqlPy(`"query { me { id } }"`) },
  { rule: 'http-delete', risk: 'destructive', code: `import httpx\nwith httpx.Client(base_url="https://api.example.com") as client:\n    client.delete("/namespaces/prod")` },
  { rule: 'http-unknown-method', risk: 'unknown', code: `import requests\nrequests.request("PURGE", "https://cdn.example.com/x")` },
  { rule: 'http-write', risk: 'write', code: `import requests\ns = requests.Session()\ns.post("https://api.example.com/items", data={"a": "1"})` },
  { rule: 'http-read', risk: 'read', code: `import urllib.request\nprint(urllib.request.urlopen("https://example.com/").read())` },
  { rule: 'unseen-input', risk: 'unknown', code: `import requests, sys\nrequests.post(sys.argv[1], data="x")` },
  { rule: 'code-unknown', risk: 'unknown', code: `import sys\nexec(sys.argv[1])` },
  { rule: 'code-unknown', risk: 'unknown', code: `import importlib, sys\nm = importlib.import_module(sys.argv[1])\n`, note: 'a module loaded by a computed name' },
  { rule: 'runs-nothing-guarded', risk: 'read', code: `import json, pathlib\ndata = json.loads(pathlib.Path("in.json").read_text())\npathlib.Path("dist").mkdir(exist_ok=True)\nprint(len(data))`, note: 'a script that only reads and writes local files' },
  { rule: 'process-unknown', risk: 'unknown', code: `import subprocess, sys\nsubprocess.run(sys.argv[1], shell=True)` },
  { rule: 'aws-unknown', risk: 'unknown', code: `import boto3, sys\nboto3.client(sys.argv[1]).delete_everything()` },
  { rule: 'redis-destructive', risk: 'destructive', code: `import redis\nr = redis.Redis()\nr.flushall()` },
  { rule: 'redis-call', risk: 'unknown', code: `import redis\nredis.Redis().set("k", "v")` },
  { rule: 'redis-read', risk: 'read', code: `import redis\nprint(redis.Redis().get("k"))` },
  { rule: 'prisma-destructive', risk: 'destructive', code: `from prisma import Prisma\ndb = Prisma()\ndb.user.delete_many()` },
  { rule: 'prisma-write', risk: 'write', code: `from prisma import Prisma\nPrisma().user.delete_many(where={"id": 1})` },
  { rule: 'prisma-read', risk: 'read', code: `from prisma import Prisma\nprint(Prisma().user.find_many())` },
  { rule: 'prisma-unknown', risk: 'unknown', code: `import sys\nfrom prisma import Prisma\nPrisma().execute_raw(sys.argv[1])` },
];

/** Families' own rules reached from code (the hits carry their ids; the runner's table does not list them). */
const JS_FOREIGN: readonly { risk: Risk; code: string; note: string }[] = [
  { risk: 'destructive', code: `const mysql = require('mysql2');\nmysql.createConnection({}).query('DROP TABLE t');`, note: 'MySQL: the mysql family classifies the statement' },
  { risk: 'read', code: `const mysql = require('mysql2');\nmysql.createConnection({}).query('SELECT * FROM orders WHERE id = 1');`, note: 'MySQL read' },
  { risk: 'destructive', code: `const { execSync } = require('node:child_process');\nexecSync('railway volume delete --volume vol_1 --yes');`, note: 'execSync of a railway command: the shell engine' },
  { risk: 'destructive', code: `import { spawn } from 'child_process';\nspawn('psql', ['-c', 'DROP TABLE users']);`, note: 'spawn argv: the argv pipeline (psql)' },
  { risk: 'destructive', code: `import { $ } from 'zx';\nconst v = 'vol_1';\nawait $\`railway volume delete --volume \${v} --yes\`;`, note: 'zx tagged template' },
  { risk: 'destructive', code: `const { S3Client, DeleteBucketCommand } = require('@aws-sdk/client-s3');\nawait new S3Client({}).send(new DeleteBucketCommand({ Bucket: 'b' }));`, note: 'AWS SDK v3 command' },
  { risk: 'destructive', code: `const { Client } = require('pg');\nconst c = new Client();\nawait c.query('DROP TABLE users');`, note: 'pg: the Postgres parser' },
  { risk: 'read', code: `const { Pool } = require('pg');\nawait new Pool().query({ text: 'SELECT * FROM deleted_users' });`, note: 'pg read' },
  { risk: 'destructive', code: `const { MongoClient } = require('mongodb');\nconst client = new MongoClient('mongodb://localhost');\nawait client.db('shop').collection('orders').deleteMany({});`, note: 'mongodb driver: deleteMany({})' },
  { risk: 'read', code: `const { execSync } = require('child_process');\nconsole.log(execSync('git status').toString());`, note: 'a process guard does not guard' },
];

const PY_FOREIGN: readonly { risk: Risk; code: string; note: string }[] = [
  { risk: 'destructive', code: `import pymysql\npymysql.connect().cursor().execute("/*!50001 DROP TABLE t */")`, note: 'MySQL: a version comment the server executes' },
  { risk: 'destructive', code: `import subprocess\nsubprocess.run(["railway", "down", "-y"])`, note: 'subprocess argv: the argv pipeline' },
  { risk: 'destructive', code: `import os\nos.system("psql -c 'DROP DATABASE app'")`, note: 'os.system: the shell engine' },
  { risk: 'destructive', code: `import boto3\nboto3.client("s3").delete_bucket(Bucket="b")`, note: 'boto3 client' },
  // The aws family's table: DeleteObjects depends on its payload (unknown, fail closed).
  { risk: 'unknown', code: `import boto3\nboto3.resource("s3").Bucket("b").objects.all().delete()`, note: 'boto3 resource collection' },
  { risk: 'destructive', code: `import psycopg\nwith psycopg.connect("") as conn:\n    conn.execute("TRUNCATE orders")`, note: 'psycopg: the Postgres parser' },
  { risk: 'destructive', code: `from pymongo import MongoClient\nMongoClient()["shop"]["orders"].drop()`, note: 'pymongo drop' },
  { risk: 'read', code: `import subprocess\nprint(subprocess.check_output(["git", "log", "-1"]))`, note: 'a process guard does not guard' },
];

function casesFor(program: string, fixtures: readonly Fixture[], foreign: typeof JS_FOREIGN, extension: string, prefix: readonly string[]): ToolCase[] {
  const file = `script${extension}`;
  return [
    ...fixtures.map((fixture) => ({ argv: [program, ...prefix, file], risk: fixture.risk, rules: [`${program}/${fixture.rule}`], world: { files: { [file]: `${fixture.code}\n` } }, ...(fixture.note ? { note: `${program}: ${fixture.note}` } : {}) })),
    ...foreign.map((fixture) => ({ argv: [program, ...prefix, file], risk: fixture.risk, rules: [], world: { files: { [file]: `${fixture.code}\n` } }, note: `${program}: ${fixture.note}` })),
    { argv: [program, ...(program === 'deno' ? ['-V'] : ['--version'])], risk: 'read', rules: [`${program}/info`] },
    { argv: [program, ...prefix, 'missing-script' + extension], risk: 'unknown', rules: [`${program}/code-unknown`], note: `${program}: a script guard cannot read` },
  ];
}

const badArguments = (program: string, argv: readonly string[]): ToolCase => ({ argv: [program, ...argv], risk: 'unknown', rules: [`${program}/bad-arguments`] });

export const codeCases: Readonly<Record<string, readonly ToolCase[]>> = {
  node: [
    ...casesFor('node', JS, JS_FOREIGN, '.js', []),
    badArguments('node', ['-Z', 'script.js']),
    { argv: ['node', '-e', gqlJs(`'mutation { volumeDelete(volumeId: "vol_1") }'`)], risk: 'destructive', rules: ['node/railway-destructive'], note: 'node -e inline code' },
    { argv: ['node', '-e', "console.log(require('os').cpus().length)"], risk: 'read', rules: ['node/runs-nothing-guarded'], note: 'node -e harmless' },
    { argv: ['node', 'main.mjs'], risk: 'destructive', rules: ['node/railway-destructive'], world: { files: { 'main.mjs': "import { gql } from './lib/gql.mjs';\nawait gql('mutation { volumeDelete(volumeId: \"vol_1\") }');\n", 'lib/gql.mjs': `export function gql(query) {\n  return fetch('${API}', { method: 'POST', body: JSON.stringify({ query }) });\n}\n` } }, note: 'an imported helper' },
    { argv: ['node', '-'], risk: 'destructive', rules: ['node/railway-destructive'], world: { stdin: gqlJs(`'mutation { volumeDelete(volumeId: "vol_1") }'`) }, note: 'the program on stdin' },
  ],
  tsx: [...casesFor('tsx', JS, JS_FOREIGN, '.ts', []), badArguments('tsx', ['-Z', 'script.ts'])],
  'ts-node': [...casesFor('ts-node', JS, JS_FOREIGN, '.ts', []), badArguments('ts-node', ['-Z', 'script.ts'])],
  deno: [...casesFor('deno', JS, JS_FOREIGN, '.ts', ['run', '--allow-net']), { argv: ['deno', 'task', 'build'], risk: 'unknown', rules: ['deno/bad-arguments'], note: 'deno task runs code guard does not follow' }],
  python: [...casesFor('python', PY, PY_FOREIGN, '.py', []), badArguments('python', ['-Z', 'script.py'])],
  python3: [
    ...casesFor('python3', PY, PY_FOREIGN, '.py', []),
    badArguments('python3', ['-Z', 'script.py']),
    { argv: ['python3', '-c', `import requests; requests.post("${API}", json={"query": 'mutation { volumeDelete(volumeId: "vol_1") }'})`], risk: 'destructive', rules: ['python3/railway-destructive'], note: 'python3 -c inline code' },
    { argv: ['python3', '-m', 'pytest', '-q'], risk: 'read', rules: ['python3/runs-nothing-guarded'], note: 'an installed module (a test runner)' },
    { argv: ['python3', 'main.py'], risk: 'destructive', rules: ['python3/railway-destructive'], world: { files: { 'main.py': 'from helpers import gql\ngql(\'mutation { volumeDelete(volumeId: "vol_1") }\')\n', 'helpers.py': `import requests\n\ndef gql(query):\n    return requests.post("${API}", json={"query": query})\n` } }, note: 'an imported helper module' },
  ],
};
