// `guard scan`: shell scripts, Makefiles, package.json scripts, CI workflows and SQL migrations, in CI.
import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import type { Rule } from '../../core/types.js';
import { lazyShellAssessor } from '../../scan/engine.js';
import { FAIL_ON, type FailOn, type ScanResult } from '../../scan/model.js';
import { renderGithub, renderHuman, renderJson } from '../../scan/render.js';
import { SCAN_RULES } from '../../scan/rules.js';
import { renderSarif } from '../../scan/sarif.js';
import { MAX_FILE_BYTES, scanPaths } from '../../scan/scanner.js';
import { loadAllTools } from '../../tools/registry.js';
import { createProcessContext } from '../context.js';
import { findPackage, readVersion } from '../subcommands.js';
import type { RegisterCommand } from './types.js';

interface ScanFlags {
  json?: boolean;
  sarif?: boolean;
  github?: boolean;
  failOn: FailOn;
  live?: boolean;
}

const HELP = `
Scans shell scripts (.sh/.bash/.zsh or a shell shebang), Makefile recipes (Makefile, GNUmakefile,
*.mk), package.json scripts, GitHub Actions run: steps (.github/workflows/*.yml), GitLab CI
script lines (.gitlab-ci.yml) and SQL files (as migrations); '-' reads shell text from stdin.
Directories are walked (node_modules, .git and dist are skipped).

It runs offline (no network, no subprocess look-ups) unless --live is given.
Allow one finding with a comment on its line or the line before (a reason is required):
  # guard: allow railway/volume-delete -- the preview environment is rebuilt nightly
  -- guard: allow psql/drop-table -- table replaced in 0042_orders_v2.sql   (SQL)
A comment that allows nothing is reported as scan/unused-suppression (or scan/invalid-suppression);
those fail the scan only with --fail-on write.
Exit status: 0 when nothing reaches the threshold, 77 when something does, 64 usage error.`;

/** Reads all of stdin, bounded like a file (the scan must end). */
function readAllStdin(): Promise<string> {
  return Promise.resolve().then(() => {
    const text = readFileSync(0);
    if (text.length > MAX_FILE_BYTES) throw new UsageError(`stdin is larger than ${MAX_FILE_BYTES} bytes`);
    return text.toString('utf8');
  });
}

async function catalogueRules(): Promise<Rule[]> {
  const tools = await loadAllTools();
  return [...tools.flatMap((tool) => Object.values(tool.rules)), ...Object.values(SCAN_RULES)];
}

/** Each catalogued rule's page in the installed docs/tools/ (an absolute file: URI, as SARIF requires). */
async function ruleHelpUris(): Promise<(rule: Rule) => string | undefined> {
  const { rulePagePath } = await import('../../docs/generate.js');
  const root = findPackage()?.root;
  const familyOf = new Map((await loadAllTools()).map((tool) => [tool.name, tool.family]));
  return (rule) => {
    const family = familyOf.get(rule.id.slice(0, rule.id.indexOf('/')));
    return root && family ? new URL(rulePagePath(family, rule.id), root).href : undefined;
  };
}

async function render(result: ScanResult, flags: ScanFlags): Promise<string> {
  if (flags.json) return renderJson(result);
  if (flags.sarif) return renderSarif(result, await catalogueRules(), readVersion(), await ruleHelpUris());
  if (flags.github) return renderGithub(result) + renderHumanSummary(result);
  return renderHuman(result);
}

function renderHumanSummary(result: ScanResult): string {
  const lines = renderHuman(result).trimEnd().split('\n');
  return `${lines[lines.length - 1] ?? ''}\n`;
}

export const registerScanCommand: RegisterCommand = (program, env) => {
  program
    .command('scan')
    .argument('<paths...>', "files or directories to scan, or '-' for shell text on stdin")
    .description('find destructive commands in scripts, Makefiles, package.json, CI workflows and SQL migrations')
    .option('--json', 'print the findings as one JSON document')
    .option('--sarif', 'print a SARIF 2.1.0 log (for code-scanning uploads)')
    .option('--github', 'print GitHub Actions annotations (::error file=…,line=…::…)')
    .addOption(new Option('--fail-on <risk>', 'the lowest risk that fails the scan').choices(FAIL_ON).default('destructive'))
    .option('--live', 'allow network and subprocess look-ups while resolving targets (default: offline)')
    .addHelpText('after', HELP)
    .action(async (paths: string[], flags: ScanFlags) => {
      if ([flags.json, flags.sarif, flags.github].filter(Boolean).length > 1) throw new UsageError('choose one of --json, --sarif and --github');
      if (paths.filter((path) => path === '-').length > 1) throw new UsageError("'-' (stdin) can be given once");
      const ctx = createProcessContext({ offline: !flags.live, offlineCause: 'guard scan without --live', guardBinary: env.guardBinary });
      const assessShell = lazyShellAssessor();
      const result = await scanPaths(paths, ctx, { assessShell, readStdin: readAllStdin }, { failOn: flags.failOn });
      process.stdout.write(await render(result, flags));
      env.setStatus(result.summary.failing > 0 ? EXIT.refused : EXIT.ok);
    });
};
