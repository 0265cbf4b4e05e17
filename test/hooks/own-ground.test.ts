// guard's own state as protected ground: which commands and file tools touch it, matched by resolved path.
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { answerHook } from '../../src/hooks/run.js';
import { loadLineAssessor } from '../../src/hooks/line-engine.js';
import { buildWorld, type World } from '../support/world.js';

let worlds: World[] = [];
afterEach(() => {
  for (const world of worlds) world.cleanup();
  worlds = [];
});

async function decide(w: World, tool: string, input: unknown): Promise<{ decision: string; reason: string; requestId: string | null }> {
  const deps = { assessLine: await loadLineAssessor(), makeContext: () => ({ ...w.ctx, agent: true }) };
  const payload = Buffer.from(JSON.stringify({ tool_name: tool, tool_input: input, cwd: w.root }));
  return (await answerHook('claude', payload, deps)).outcome;
}

function world(): World {
  const w = buildWorld({ files: { '.guard/config.json': '{}', '.claude/settings.json': JSON.stringify({ hooks: { PreToolUse: [{ matcher: '.*', hooks: [{ type: 'command', command: "'/opt/guard/bin/guard' hook claude || { echo 'guard hook failed to run: refused (fail closed)' >&2; exit 2; }" }] }] } }), 'notes.md': '' } });
  worlds.push(w);
  return w;
}

const DENIED: readonly [string, unknown][] = [
  ['Bash', { command: 'echo {} > .guard/config.json' }],
  ['Bash', { command: 'cd .guard && truncate -s0 audit.jsonl' }],
  ['Bash', { command: 'sed -i s/prod/dev/ ".guard/config.json"' }],
  ['Bash', { command: 'cp /dev/null .claude/settings.json' }],
  ['Bash', { command: 'rm -rf .claude' }],
  ['Bash', { command: 'cat .guard/keys/approval.key' }],
  ['Bash', { command: 'G=.guard; rm -r "$G"/approvals' }],
  ['Bash', { command: 'ln -sf /dev/null .guard/audit.jsonl' }],
  // A name that starts with two dots is still inside (path.relative's '..x' once read as outside).
  ['Bash', { command: 'rm -f .guard/..audit.jsonl' }],
  ['Write', { file_path: '.guard/config.json', content: '{}' }],
  ['Edit', { file_path: '.claude/settings.json', old_string: 'guard', new_string: 'true' }],
  ['MultiEdit', { file_path: '.guard/config.json', edits: [] }],
  ['Read', { file_path: '.guard/keys/approval.key' }],
  ['apply_patch', { input: '*** Begin Patch\n*** Delete File: .guard/audit.jsonl\n*** End Patch' }],
  ['mcp__shell__run_command', { command: 'rm .guard/audit.jsonl' }],
];

for (const [tool, input] of DENIED) {
  test(`denied, no request recorded: ${tool} ${JSON.stringify(input)}`, async () => {
    const w = world();
    const outcome = await decide(w, tool, input);
    assert.equal(outcome.decision, 'deny');
    assert.match(outcome.reason, /a human must do it/);
    assert.equal(outcome.requestId, null);
    assert.equal(w.ctx.approvals.listPending().length, 0);
  });
}

test('a symlink into guard\'s directory is followed', async () => {
  const w = world();
  mkdirSync(join(w.root, 'links'));
  symlinkSync(join(w.root, '.guard'), join(w.root, 'links', 'g'));
  assert.equal((await decide(w, 'Bash', { command: 'rm links/g/config.json' })).decision, 'deny');
});

const ALLOWED: readonly [string, unknown][] = [
  ['Bash', { command: 'cat .guard/audit.jsonl | wc -l' }],
  ['Bash', { command: 'ls -la .guard' }],
  ['Bash', { command: 'echo hello > notes.md' }],
  ['Write', { file_path: 'notes.md', content: 'hi' }],
  ['Read', { file_path: '.guard/config.json' }],
  ['Grep', { pattern: 'x', path: 'src' }],
];

for (const [tool, input] of ALLOWED) {
  test(`allowed: ${tool} ${JSON.stringify(input)}`, async () => {
    const w = world();
    writeFileSync(join(w.root, '.guard', 'audit.jsonl'), '');
    assert.equal((await decide(w, tool, input)).decision, 'allow');
  });
}

test("the resident daemon's runtime directory is guard's own: an agent cannot put its socket there", async () => {
  const w = buildWorld({ env: { XDG_RUNTIME_DIR: '/run/user/1000' }, files: { 'notes.md': '' } });
  worlds.push(w);
  for (const command of ['rm -f /run/user/1000/guard/guard-0123456789abcdef.sock', 'ln -s /tmp/fake.sock "$XDG_RUNTIME_DIR/guard/guard-0123456789abcdef.sock"', 'chmod 777 /run/user/1000/guard']) {
    const outcome = await decide(w, 'Bash', { command });
    assert.equal(outcome.decision, 'deny', command);
    assert.match(outcome.reason, /resident daemon/, command);
  }
  assert.equal((await decide(w, 'Bash', { command: 'ls /run/user/1000' })).decision, 'allow');
});

test("guard's snapshots are its own: an agent can neither delete the store nor prune or restore it", async () => {
  const w = buildWorld({ files: { 'notes.md': '', '.local/share/guard/snapshots/20261202-010904-f671e3/manifest.json': '{}' } });
  worlds.push(w);
  for (const command of ['rm -rf ~/.local/share/guard/snapshots', `rm -rf ${join(w.root, '.local/share/guard')}`, 'guard snapshots prune', 'guard snapshots restore 20261202-010904-f671e3']) {
    const outcome = await decide(w, 'Bash', { command });
    assert.equal(outcome.decision, 'deny', command);
    assert.match(outcome.reason, /snapshot/, command);
  }
  for (const command of ['guard snapshots list --json', 'guard snapshots prune --dry-run', 'ls ~/.local/share/guard/snapshots']) {
    assert.equal((await decide(w, 'Bash', { command })).decision, 'allow', command);
  }
});

test('a configured snapshot store is protected ground too', async () => {
  const w = buildWorld({ files: { 'notes.md': '', 'backups/keep': '' } });
  worlds.push(w);
  const ctx = { ...w.ctx, config: { ...w.ctx.config, snapshots: { directory: join(w.root, 'backups') } } };
  const deps = { assessLine: await loadLineAssessor(), makeContext: () => ({ ...ctx, agent: true }) };
  const payload = Buffer.from(JSON.stringify({ tool_name: 'Bash', tool_input: { command: 'rm -rf backups' }, cwd: w.root }));
  const outcome = (await answerHook('claude', payload, deps)).outcome;
  assert.equal(outcome.decision, 'deny');
  assert.match(outcome.reason, /configured store/);
});

/** A world whose PATH starts with its own bin/ directory, and a way to ask the hook about a command there. */
function worldWithPathDirectory() {
  const w = buildWorld({ files: { 'notes.md': '', 'bin/placeholder': '' } });
  worlds.push(w);
  const bin = join(w.root, 'bin');
  const ctx = { ...w.ctx, env: { ...w.ctx.env, PATH: `${bin}:/usr/bin` } };
  const ask = async (command: string) => {
    const deps = { assessLine: await loadLineAssessor(), makeContext: () => ({ ...ctx, agent: true }) };
    return (await answerHook('claude', Buffer.from(JSON.stringify({ tool_name: 'Bash', tool_input: { command }, cwd: w.root })), deps)).outcome;
  };
  return { bin, ask };
}

test("a PATH directory that gains a shim later is recognised (the answer is not kept past the directory's change)", async () => {
  const { bin, ask } = worldWithPathDirectory();
  assert.equal((await ask(`rm -f ${bin}/placeholder`)).decision, 'allow');
  const { installShims } = await import('../../src/shims/install.js');
  installShims(bin, ['psql'], '/opt/guard/bin/guard');
  const outcome = await ask(`rm -f ${bin}/psql`);
  assert.equal(outcome.decision, 'deny');
  assert.match(outcome.reason, /PATH shims/);
});

test('an alias is its command: `guard hooks uninstall` cannot unwire guard where `guard hook uninstall` cannot', async () => {
  const w = world();
  for (const command of ['guard hooks install claude --uninstall', 'guard hooks uninstall claude']) {
    const outcome = await decide(w, 'Bash', { command });
    assert.equal(outcome.decision, 'deny', command);
    assert.match(outcome.reason, /a human must do it/, command);
  }
});

/** Runs `work` with the clock a minute ahead, so files written now look settled and answers about them are kept. */
async function withSettledFiles<T>(work: () => Promise<T>): Promise<T> {
  const realNow = Date.now;
  Date.now = () => realNow() + 60_000;
  try {
    return await work();
  } finally {
    Date.now = realNow;
  }
}

/** File times tick coarsely: a change meant to be seen lands in a later tick than the one read. */
const nextTick = () => new Promise((resolve) => setTimeout(resolve, 30));

test("a settings file that gains guard's hook later is protected at once (the kept answer follows the file)", async () => {
  const w = buildWorld({ files: { 'notes.md': '', '.claude/settings.json': JSON.stringify({ permissions: { allow: [] } }) } });
  worlds.push(w);
  const settings = join(w.root, '.claude', 'settings.json');
  await withSettledFiles(async () => {
    assert.equal((await decide(w, 'Bash', { command: 'cp /dev/null .claude/settings.json' })).decision, 'allow', 'no guard hook in it yet');
    assert.equal((await decide(w, 'Bash', { command: 'cp /dev/null .claude/settings.json' })).decision, 'allow');
    await nextTick();
    writeFileSync(settings, JSON.stringify({ hooks: { PreToolUse: [{ matcher: '.*', hooks: [{ type: 'command', command: "'/opt/guard/bin/guard' hook claude || { echo 'guard hook failed to run: refused (fail closed)' >&2; exit 2; }" }] }] } }));
    const outcome = await decide(w, 'Bash', { command: 'cp /dev/null .claude/settings.json' });
    assert.equal(outcome.decision, 'deny');
    assert.match(outcome.reason, /settings file that runs guard's hook/);
    // Replaced by a rename (another inode) with the hook gone again: no longer guard's.
    await nextTick();
    writeFileSync(`${settings}.new`, JSON.stringify({ permissions: { allow: [] } }));
    renameSync(`${settings}.new`, settings);
    assert.equal((await decide(w, 'Bash', { command: 'cp /dev/null .claude/settings.json' })).decision, 'allow');
  });
});

test('a PATH directory that gains a shim after its answer was kept is recognised', async () => {
  const { bin, ask } = worldWithPathDirectory();
  await withSettledFiles(async () => {
    assert.equal((await ask(`rm -f ${bin}/placeholder`)).decision, 'allow');
    await nextTick();
    const { installShims } = await import('../../src/shims/install.js');
    installShims(bin, ['psql'], '/opt/guard/bin/guard');
    const outcome = await ask(`rm -f ${bin}/psql`);
    assert.equal(outcome.decision, 'deny');
    assert.match(outcome.reason, /PATH shims/);
  });
});
