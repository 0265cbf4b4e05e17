// `guard log [--verify]`: print the audit log, or check its hash chain.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_FILE, verifyAuditLog } from '../../core/audit.js';
import { guardDirectory } from '../../config/load.js';
import type { RegisterCommand } from './types.js';

export const registerLogCommand: RegisterCommand = (program, env) => {
  program
    .command('log')
    .description('print the audit log; --verify checks its hash chain')
    .option('--verify', 'check that no entry was changed or removed')
    .action((options: { verify?: boolean }) => {
      const dir = guardDirectory(process.env, homedir());
      if (options.verify) {
        const result = verifyAuditLog(dir);
        if (result.brokenAt !== null) {
          process.stderr.write(`guard: audit log broken at entry ${result.brokenAt} of ${result.entries}${result.problem ? `: ${result.problem}` : ''}\n`);
          env.setStatus(1);
        } else if (result.problem !== null) {
          process.stderr.write(`guard: audit log not intact (${result.entries} entries): ${result.problem}\n`);
          env.setStatus(1);
        } else process.stdout.write(`audit log intact: ${result.entries} entries\n`);
        return;
      }
      try {
        process.stdout.write(readFileSync(join(dir, AUDIT_FILE), 'utf8'));
      } catch {
        process.stdout.write('(the audit log is empty)\n');
      }
    });
};
