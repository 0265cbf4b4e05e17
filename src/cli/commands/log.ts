// `guard log [--json] [--tail N] [--since T] [--tool T] [--decision D] [--verify]`: read the audit log, or check its hash chain.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_FILE, verifyAuditLog } from '../../core/audit.js';
import { guardDirectory } from '../../config/load.js';
import { LOG_DECISIONS, parseAuditText, parseLogFilter, renderLogTable, selectRecords, type LogFilterOptions } from '../log-view.js';
import type { RegisterCommand } from './types.js';

interface LogOptions extends LogFilterOptions {
  readonly verify?: boolean;
  readonly json?: boolean;
}

function verify(dir: string, json: boolean): number {
  const result = verifyAuditLog(dir);
  const intact = result.brokenAt === null && result.problem === null;
  if (json) process.stdout.write(`${JSON.stringify({ intact, ...result })}\n`);
  else if (result.brokenAt !== null) process.stderr.write(`guard: audit log broken at entry ${result.brokenAt} of ${result.entries}${result.problem ? `: ${result.problem}` : ''}\n`);
  else if (result.problem !== null) process.stderr.write(`guard: audit log not intact (${result.entries} entries): ${result.problem}\n`);
  else process.stdout.write(`audit log intact: ${result.entries} ${result.entries === 1 ? 'entry' : 'entries'}\n`);
  return intact ? 0 : 1;
}

export const registerLogCommand: RegisterCommand = (program, env) => {
  program
    .command('log')
    .description('show the audit log (newest last) as a table, or as JSON; --verify checks its hash chain')
    .option('--json', 'a JSON array of the records')
    .option('--tail <n>', 'only the newest N records (after the other filters)')
    .option('--since <time>', 'only records since a time: a duration back from now (30m, 1h, 2d, 1w) or an ISO date/time')
    .option('--tool <tool>', 'only records of one tool (psql, railway, kubectl…)')
    .option('--decision <decision>', `only records with this decision: ${LOG_DECISIONS.join(', ')}`)
    .option('--verify', 'check that no entry was changed or removed (exit 1 when one was)')
    .action((options: LogOptions) => {
      const dir = guardDirectory(process.env, homedir());
      const filter = parseLogFilter(options, Date.now());
      if (options.verify) {
        env.setStatus(verify(dir, options.json === true));
        return;
      }
      let content = '';
      try {
        content = readFileSync(join(dir, AUDIT_FILE), 'utf8');
      } catch {
        // no log yet: an empty result
      }
      const records = selectRecords(parseAuditText(content), filter);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
        return;
      }
      if (records.length === 0) {
        process.stderr.write(content === '' ? `guard: the audit log is empty (${join(dir, AUDIT_FILE)})\n` : 'guard: no audit records match these filters\n');
        return;
      }
      process.stdout.write(renderLogTable(records));
    });
};
