// Writes src/tools/mysql/options.generated.ts from the installed MariaDB clients' own --help.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { grammarFromHelps, renderGrammarModule } from '../src/tools/mysql/help-options.js';

function help(program: string): string {
  const result = spawnSync(program, ['--no-defaults', '--help'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new Error(`${program} --help failed: ${result.error?.message ?? result.stderr}`);
  return result.stdout;
}

const target = join(process.cwd(), 'src', 'tools', 'mysql', 'options.generated.ts');
const source = grammarFromHelps(help('mariadb'), help('mariadb-dump'), help('mariadb-admin'));
writeFileSync(target, renderGrammarModule(source));
console.log(`wrote ${target}: MariaDB ${source.version}, ${source.client.length} client options, ${source.adminCommands.length} admin commands`);
