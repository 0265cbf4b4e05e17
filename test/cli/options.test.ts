// guard's own options on the fast path: exactly the common forms; everything else goes to commander.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFast } from '../../src/cli/options.js';

const PARSED: [string[], unknown][] = [
  [['psql', '-c', 'select 1'], { options: {}, command: ['psql', '-c', 'select 1'] }],
  [['--dry-run', '--json', 'psql', '--json'], { options: { dryRun: true, json: true }, command: ['psql', '--json'] }],
  [['--confirm', 'prod/orders', 'psql'], { options: { confirm: 'prod/orders' }, command: ['psql'] }],
  [['--confirm=prod/orders', '--offline', 'psql'], { options: { confirm: 'prod/orders', offline: true }, command: ['psql'] }],
  [['--', '--dry-run'], { options: {}, command: ['--dry-run'] }],
  [['--offline', '--', 'log', '-x'], { options: { offline: true }, command: ['log', '-x'] }],
];

const TO_COMMANDER: string[][] = [[], ['--help'], ['-h'], ['--version'], ['-V'], ['--bogus', 'psql'], ['--confirm'], ['--dry-run=yes', 'psql'], ['--'], ['--dry-run']];

for (const [args, expected] of PARSED) {
  test(`fast: ${args.join(' ')}`, () => assert.deepEqual(parseFast(args), expected));
}
for (const args of TO_COMMANDER) {
  test(`commander handles: ${args.join(' ') || '(nothing)'}`, () => assert.equal(parseFast(args), null));
}
