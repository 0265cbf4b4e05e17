// Reads kubectl's command tree and flag kinds from its own --help, to generate and check the grammar table.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubectlCommandFlags } from '../../../src/tools/kubernetes/kubectl-commands.generated.js';

export interface HelpTree {
  readonly version: string;
  readonly global: KubectlCommandFlags;
  readonly commands: Readonly<Record<string, KubectlCommandFlags>>;
}

// A sandbox for every run: a probe that swallows `--help` as a value runs the command for real, so it
// must find a private kubeconfig whose server refuses connections, a private cwd, and a time limit.
const SANDBOX = mkdtempSync(join(tmpdir(), 'guard-kubectl-help-'));
const KUBECONFIG_FILE = join(SANDBOX, 'config');
writeFileSync(KUBECONFIG_FILE, 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]\ncontexts: [{name: c, context: {cluster: c}}]\ncurrent-context: c\nusers: []\n');
const ENV = { PATH: process.env.PATH ?? '', KUBECONFIG: KUBECONFIG_FILE, HOME: SANDBOX };

export function removeHelpSandbox(): void {
  rmSync(SANDBOX, { recursive: true, force: true });
}

function kubectl(args: readonly string[]): { status: number | null; stdout: string } {
  const result = spawnSync('kubectl', [...args], { encoding: 'utf8', cwd: SANDBOX, env: ENV, timeout: 10_000, killSignal: 'SIGKILL' });
  return { status: result.status, stdout: result.stdout ?? '' };
}

function kubectlAsync(args: readonly string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn('kubectl', [...args], { cwd: SANDBOX, env: ENV, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout });
    });
  });
}

/** The lines of one `Heading:` section of help output, up to the next blank line. */
function section(help: string, heading: string): string[] {
  const lines = help.split('\n');
  const start = lines.findIndex((line) => line === heading);
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' && out.length > 0 && heading !== 'Options:') break;
    if (heading === 'Options:' && line.startsWith('Usage:')) break;
    out.push(line);
  }
  return out;
}

function subcommandNames(help: string, root: boolean): string[] {
  const names: string[] = [];
  const lines = help.split('\n');
  let inside = false;
  for (const line of lines) {
    if (/^[A-Z][A-Za-z ()]*Commands( \([A-Za-z]+\))?:$/.test(line) || line === 'Available Commands:') inside = true;
    else if (line.startsWith('Usage:') || (!root && line.trim() === '')) inside = false;
    else if (inside && /^ {2}[a-z]/.test(line)) names.push(line.trim().split(/\s+/)[0] ?? '');
  }
  return names.filter(Boolean);
}

/** Option lines: `    -n, --namespace='':`; a default of true/false marks a switch. */
function optionKinds(help: string): { values: string[]; bools: string[]; shorts: string[] } {
  const values: string[] = [];
  const bools: string[] = [];
  const shorts: string[] = [];
  for (const line of section(help, 'Options:')) {
    const match = /^ {4}(?:-([A-Za-z]), )?--([a-z0-9-]+)=(.*):$/.exec(line);
    if (!match) continue;
    const [, short, long, defaultValue] = match;
    if (!long) continue;
    (defaultValue === 'true' || defaultValue === 'false' ? bools : values).push(long);
    if (short) shorts.push(`${short}=${long}`);
  }
  return { values, bools, shorts };
}

/** A value flag with pflag's NoOptDefVal does not swallow the next word: `--flag --help` then shows help. */
async function optionalValue(path: readonly string[], long: string): Promise<boolean> {
  const run = await kubectlAsync([...path, `--${long}`, '--help']);
  return run.status === 0 && run.stdout.includes('Usage:');
}

async function optionalValues(path: readonly string[], values: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < values.length; i += 16) {
    const batch = values.slice(i, i + 16);
    const answers = await Promise.all(batch.map((long) => optionalValue(path, long)));
    out.push(...batch.filter((_, j) => answers[j]));
  }
  return out;
}

async function flagsOf(path: readonly string[], help: string, probe: boolean): Promise<KubectlCommandFlags> {
  const kinds = optionKinds(help);
  const optional = probe ? await optionalValues(path, kinds.values) : [];
  const aliasLine = section(help, 'Aliases:')[0]?.split(',').map((s) => s.trim()) ?? [];
  return {
    aliases: aliasLine.slice(1),
    values: kinds.values.filter((v) => !optional.includes(v)),
    optional,
    bools: kinds.bools,
    shorts: kinds.shorts,
  };
}

/** One command's flags from `kubectl PATH --help` (for the freshness test); null when kubectl has no such command. */
export async function readCommandFlags(path: readonly string[], probe: boolean): Promise<KubectlCommandFlags | null> {
  const run = kubectl([...path, '--help']);
  if (run.status !== 0 || !run.stdout.includes('Usage:')) return null;
  return flagsOf(path, run.stdout, probe);
}

/** The flags every command takes (`kubectl options`). */
export async function readGlobalFlags(probe: boolean): Promise<KubectlCommandFlags> {
  const globalHelp = kubectl(['options']).stdout.replace('The following options can be passed to any command:', 'Options:');
  return flagsOf(['config', 'current-context'], `${globalHelp}\nUsage:`, probe);
}

export function installedKubectlVersion(): string {
  return kubectl(['version', '--client']).stdout.split('\n')[0]?.replace('Client Version: ', '') ?? 'unknown';
}

/** Walks every command; `probe` also finds optional-value flags (one kubectl run per value flag). */
export async function readKubectlHelp(probe: boolean): Promise<HelpTree> {
  const version = kubectl(['version', '--client']).stdout.split('\n')[0]?.replace('Client Version: ', '') ?? 'unknown';
  const globalHelp = kubectl(['options']).stdout.replace('The following options can be passed to any command:', 'Options:');
  // Probed under a leaf command: kubectl alone prints its help whatever the flags say.
  const global = await flagsOf(['config', 'current-context'], `${globalHelp}\nUsage:`, probe);
  const commands: Record<string, KubectlCommandFlags> = {};
  const visit = async (path: string[], root: boolean): Promise<void> => {
    const help = kubectl([...path, '--help']).stdout;
    if (!root) commands[path.join(' ')] = await flagsOf(path, help, probe);
    for (const name of subcommandNames(help, root)) await visit([...path, name], false);
  };
  await visit([], true);
  return { version, global, commands };
}
