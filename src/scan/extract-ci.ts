// CI files as shell snippets: GitHub Actions `run:` steps, GitLab CI scripts, package.json scripts.
import { dirname, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ShellSnippet } from './model.js';
import { child, itemsOf, literalEntries, mapEntries, parseYamlWithPositions, snippetFromScalar, stringValue, type ParsedYaml } from './yaml-snippets.js';

const ANALYSED_SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh']);

/**
 * `${{ … }}` is replaced by GitHub before the shell runs; guard cannot evaluate it, so it
 * becomes a variable guard does not know (unknown wherever a name or target depends on it).
 */
export function replaceGithubExpressions(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('${{', at);
    if (open < 0) return out + text.slice(at);
    const close = text.indexOf('}}', open + 3);
    if (close < 0) return out + text.slice(at);
    out += `${text.slice(at, open)}\${GUARD_GITHUB_EXPRESSION}`;
    at = close + 2;
  }
}

function literalEnv(node: unknown, parsed: ParsedYaml): Record<string, string> {
  const env = literalEntries(node, parsed);
  for (const [name, value] of Object.entries(env)) if (value.includes('${{')) delete env[name];
  return env;
}

/** Every `run:` step of a workflow file (`.github/workflows/*.yml`), with its shell, cwd and env. */
export function extractGithubSnippets(source: string, file: string): ShellSnippet[] {
  const parsed = parseYamlWithPositions(source);
  const root = parsed.doc.contents;
  const repository = resolve(dirname(file), '..', '..');
  const snippets: ShellSnippet[] = [];
  const workflowShell = stringValue(child(child(child(root, 'defaults', parsed), 'run', parsed), 'shell', parsed), parsed);
  const workflowEnv = literalEnv(child(root, 'env', parsed), parsed);
  for (const [jobName, job] of mapEntries(child(root, 'jobs', parsed), parsed)) {
    const defaults = child(child(job, 'defaults', parsed), 'run', parsed);
    const runsOn = stringValue(child(job, 'runs-on', parsed), parsed) ?? '';
    const jobShell = stringValue(child(defaults, 'shell', parsed), parsed) ?? workflowShell ?? (runsOn.startsWith('windows') ? 'pwsh' : 'bash');
    const jobDirectory = stringValue(child(defaults, 'working-directory', parsed), parsed);
    const jobEnv = { ...workflowEnv, ...literalEnv(child(job, 'env', parsed), parsed) };
    itemsOf(child(job, 'steps', parsed), parsed).forEach((step, index) => {
      const run = child(step, 'run', parsed);
      if (run === undefined) return;
      const name = stringValue(child(step, 'name', parsed), parsed);
      const shell = stringValue(child(step, 'shell', parsed), parsed) ?? jobShell;
      const directory = stringValue(child(step, 'working-directory', parsed), parsed) ?? jobDirectory;
      const env = { ...jobEnv, ...literalEnv(child(step, 'env', parsed), parsed) };
      const label = `job ${jobName}, step ${index + 1}${name ? ` (${name})` : ''}`;
      const cwd = directory && !directory.includes('${{') ? join(repository, directory) : repository;
      const snippet = snippetFromScalar(run as Node, parsed, source, { cwd, label, env });
      if (!snippet) return;
      const interpreter = (shell.split(' ')[0] ?? '').split('/').pop() ?? '';
      const opaque = ANALYSED_SHELLS.has(interpreter) ? undefined : `runs in ${shell}, which guard does not analyse`;
      snippets.push({ ...snippet, text: replaceGithubExpressions(snippet.text), ...(opaque ? { opaque } : {}) });
    });
  }
  return snippets;
}

const GITLAB_GLOBAL_KEYS = new Set(['stages', 'variables', 'include', 'workflow', 'default', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec']);
const GITLAB_SCRIPT_KEYS = ['before_script', 'script', 'after_script'] as const;
const MAX_REFERENCE_DEPTH = 10; // GitLab's own limit for nested !reference tags

/** `script:`, `before_script:` and `after_script:` lines of `.gitlab-ci.yml`: each line is one shell snippet. */
export function extractGitlabSnippets(source: string, file: string): ShellSnippet[] {
  const parsed = parseYamlWithPositions(source);
  const root = parsed.doc.contents;
  const cwd = dirname(file);
  const globalEnv = literalEntries(child(root, 'variables', parsed), parsed);
  const snippets: ShellSnippet[] = [];
  const jobs: [string, unknown][] = [['(top level)', root], ['default', child(root, 'default', parsed)]];
  for (const [name, value] of mapEntries(root, parsed)) if (!GITLAB_GLOBAL_KEYS.has(name) && isMap(value)) jobs.push([name, value]);
  for (const [jobName, job] of jobs) {
    const env = { ...globalEnv, ...(jobName === '(top level)' ? {} : literalEntries(child(job, 'variables', parsed), parsed)) };
    for (const key of GITLAB_SCRIPT_KEYS) {
      const lines = child(job, key, parsed);
      if (lines === undefined) continue;
      collectGitlabLines(lines, parsed, source, { cwd, label: `job ${jobName}, ${key}`, env }, snippets, 0);
    }
  }
  return snippets;
}

function collectGitlabLines(node: unknown, parsed: ParsedYaml, source: string, base: Omit<ShellSnippet, 'text' | 'positions'>, out: ShellSnippet[], depth: number): void {
  if (isScalar(node)) {
    const snippet = snippetFromScalar(node, parsed, source, base);
    if (snippet) out.push(snippet);
    return;
  }
  if (!isSeq(node)) return;
  if (node.tag === '!reference') {
    const path = node.items.map((item) => stringValue(item, parsed));
    const target = depth < MAX_REFERENCE_DEPTH && path.every((part) => part !== undefined) ? path.reduce<unknown>((at, part) => child(at, part ?? '', parsed), parsed.doc.contents) : undefined;
    if (target === undefined) {
      const position = parsed.lines.linePos(node.range?.[0] ?? 0);
      out.push({ ...base, text: '', positions: [{ line: position.line, column: position.col }], opaque: `!reference [${path.join(', ')}] does not resolve in this file` });
      return;
    }
    collectGitlabLines(target, parsed, source, base, out, depth + 1);
    return;
  }
  for (const item of itemsOf(node, parsed)) collectGitlabLines(item, parsed, source, base, out, depth);
}

/** Every entry of `scripts` in a package.json; npm runs each in the package's directory. */
export function extractPackageScripts(source: string, file: string): ShellSnippet[] {
  const parsed = parseYamlWithPositions(source);
  const snippets: ShellSnippet[] = [];
  for (const [name, value] of mapEntries(child(parsed.doc.contents, 'scripts', parsed), parsed)) {
    const snippet = snippetFromScalar(value as Node, parsed, source, { cwd: dirname(file), label: `npm script "${name}"` });
    if (snippet) snippets.push(snippet);
  }
  return snippets;
}
