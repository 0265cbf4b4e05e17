// The bench's floor (npm run bench): the least a Node client can do to get a hook answer from the resident guard — read stdin, connect, send, read one line.
'use strict';
// Usage: node scripts/bench-floor-client.cjs SOCKET BUILD GUARD_BINARY PROTOCOL_VERSION < hook-payload.json
// It sends the same request guard's own client sends for `guard hook claude`, so the daemon does
// the same work; what guard's client costs above this is its own.
const { readFileSync, writeSync } = require('node:fs');
const { createConnection } = require('node:net');

const [socket, build, guardBinary, version] = process.argv.slice(2);
const payload = readFileSync(0);
const request = {
  v: Number(version),
  build,
  kind: 'hook',
  args: ['hook', 'claude'],
  cwd: process.cwd(),
  env: process.env,
  terminals: { stdinClosed: false, stdin: false, stdout: false, stderr: false },
  guardBinary,
  payload: payload.toString('base64'),
};
const connection = createConnection({ path: socket });
let text = '';
connection.on('connect', () => connection.write(`${JSON.stringify(request)}\n`));
connection.on('data', (chunk) => {
  text += chunk;
  const end = text.indexOf('\n');
  if (end < 0) return;
  const reply = JSON.parse(text.slice(0, end));
  if (reply.status !== 'answer') process.exit(3);
  writeSync(1, reply.stdout);
  process.exit(reply.exitCode);
});
connection.on('error', () => process.exit(4));
