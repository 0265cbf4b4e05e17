// Table-driven: inline code in other languages, session launchers (tmux, screen, at, nix) and aliases on the line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseShellLine } from '../../src/shell/analyse.js';
import { riskInCode } from '../../src/shell/inline.js';

interface Row {
  readonly line: string;
  /** argv of the last command guard reports. */
  readonly argv: readonly string[];
  readonly via?: readonly string[];
  readonly unknown: boolean;
}

// python, python3 and node are tools of their own now (src/tools/code): the line hands them their
// code untouched (no word search, no unknowns here) and the tool reads it; test/shell/inline-code.test.ts
// checks what the assessment makes of these same lines.
const ROWS: readonly Row[] = [
  { line: `python -c "import os; os.system('ls')"`, argv: ['python', '-c', "import os; os.system('ls')"], unknown: false },
  { line: `python3 -Ic 'import urllib.request'`, argv: ['python3', '-Ic', 'import urllib.request'], unknown: false },
  { line: `python3 -c 'print(1)'`, argv: ['python3', '-c', 'print(1)'], unknown: false },
  { line: `python3 script.py -c 'os.system(1)'`, argv: ['python3', 'script.py', '-c', 'os.system(1)'], unknown: false },
  { line: `node --eval="fetch('https://x')"`, argv: ['node', "--eval=fetch('https://x')"], unknown: false },
  { line: `node -p '1+1'`, argv: ['node', '-p', '1+1'], unknown: false },
  { line: `perl -le 'print qx(id)'`, argv: ['perl', '-le', 'print qx(id)'], unknown: true },
  { line: `ruby -e 'puts %x(id)'`, argv: ['ruby', '-e', 'puts %x(id)'], unknown: true },
  { line: `osascript -e 'do shell script "ls"'`, argv: ['osascript', '-e', 'do shell script "ls"'], unknown: true },
  { line: `Rscript -e 'system("ls")'`, argv: ['Rscript', '-e', 'system("ls")'], unknown: true },
  { line: `gawk -F, '{print $1 || $2}' f`, argv: ['gawk', '-F,', '{print $1 || $2}', 'f'], unknown: false },
  { line: `awk -f prog.awk f`, argv: ['awk', '-f', 'prog.awk', 'f'], unknown: true },
  { line: `python3 -c "$CODE"`, argv: ['python3', '-c', '$CODE'], unknown: true },
  { line: `tmux new-session -d -s job 'railway down -y'`, argv: ['railway', 'down', '-y'], via: ['tmux new-session'], unknown: false },
  { line: `tmux new-window railway down -y`, argv: ['railway', 'down', '-y'], via: ['tmux new-window'], unknown: false },
  { line: `tmux -c 'railway down -y'`, argv: ['railway', 'down', '-y'], via: ['tmux -c'], unknown: false },
  { line: `tmux send -t job 'railway down -y' Enter`, argv: ['tmux', 'send', '-t', 'job', 'railway down -y', 'Enter'], unknown: true },
  { line: `screen -dmS job railway down -y`, argv: ['railway', 'down', '-y'], via: ['screen'], unknown: false },
  { line: `screen -S job -X stuff 'railway down -y'`, argv: ['screen', '-S', 'job', '-X', 'stuff', 'railway down -y'], unknown: true },
  { line: `echo 'railway down -y' | at now + 1 hour`, argv: ['railway', 'down', '-y'], via: ['at'], unknown: false },
  { line: `at now`, argv: ['at', 'now'], unknown: true },
  { line: `nix-shell -p jq --command 'railway down -y'`, argv: ['railway', 'down', '-y'], via: ['nix-shell --command'], unknown: false },
  { line: `nix develop .#ci --command railway down -y`, argv: ['railway', 'down', '-y'], via: ['nix develop --command'], unknown: false },
  { line: `BASH_ENV=/nonexistent/env.sh bash -c ls`, argv: ['ls'], via: ['bash -c'], unknown: false },
  { line: `alias r=railway; r down -y`, argv: ['railway', 'down', '-y'], via: ['alias r'], unknown: false },
  { line: `alias r="$X"; r down -y`, argv: ['r', 'down', '-y'], unknown: true },
  { line: `alias ls='ls -l'; ls`, argv: ['ls', '-l'], via: ['alias ls'], unknown: false },
  { line: `alias r=railway; unalias r; r down -y`, argv: ['r', 'down', '-y'], unknown: false },
  { line: `if true; then alias r=railway; fi; r down -y`, argv: ['r', 'down', '-y'], unknown: true },
];

for (const row of ROWS) {
  test(`gaps: ${row.line}`, async () => {
    const result = await analyseShellLine(row.line, { cwd: '/work', env: { HOME: '/home/tester', PATH: '/usr/bin' } });
    const last = result.commands.at(-1);
    assert.ok(last, JSON.stringify(result));
    assert.deepEqual(last.argv, row.argv);
    if (row.via) assert.deepEqual(last.via, row.via);
    assert.equal(last.unknowns.length > 0, row.unknown, JSON.stringify(last.unknowns));
  });
}

test('BASH_ENV names a file guard cannot read: the shell is unknown', async () => {
  const result = await analyseShellLine('BASH_ENV=/nonexistent/env.sh bash -c ls', { cwd: '/work', env: {} });
  const shell = result.commands.find((command) => command.argv[0] === 'bash');
  assert.ok(shell && shell.unknowns.length > 0, JSON.stringify(result.commands));
});

test('the word search only ever finds risk, and finds none in plain code', () => {
  assert.equal(riskInCode('print(sum([1, 2]))'), null);
  assert.equal(riskInCode('x = a || b'), null);
  assert.match(riskInCode('open(F, "|psql")') ?? '', /psql|pipes/);
  assert.match(riskInCode('print `id`') ?? '', /backticks/);
  assert.match(riskInCode('curl(backboard.railway.com)') ?? '', /railway|curl/);
});

const STDIN_ROWS: readonly { readonly line: string; readonly unknown: boolean }[] = [
  { line: `echo 'import os; os.system("railway down -y")' | python3`, unknown: false },
  { line: `echo 'print(1)' | python3 -`, unknown: false },
  { line: `python3 < job.py`, unknown: false },
  { line: `node`, unknown: false },
  { line: `node --test`, unknown: false },
  { line: `python3 -m http.server`, unknown: false },
  { line: `bun -e 'console.log(1)'`, unknown: false },
  { line: `bun -e 'Bun.spawn(["ls"])'`, unknown: true },
  { line: `tmux run-shell -C 'new-window top'`, unknown: true },
];

for (const row of STDIN_ROWS) {
  test(`gaps (program on stdin): ${row.line}`, async () => {
    const result = await analyseShellLine(row.line, { cwd: '/work', env: {} });
    const last = result.commands.at(-1);
    assert.ok(last, JSON.stringify(result));
    assert.equal(last.unknowns.length > 0, row.unknown, JSON.stringify(last));
  });
}
