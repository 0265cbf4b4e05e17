// Writes src/tools/azure/az-commands.generated.ts from the installed azure-cli (run from the repository root: `npm run gen:az`).
import { readFileSync, writeFileSync } from 'node:fs';
import { azPython, dumpAzCommands, renderAzTable, type AzDump } from './az-sources.js';

// `--from-dump FILE` renders a dump made earlier with scripts/az-command-table.py (the dump takes minutes).
const fromDump = process.argv.indexOf('--from-dump');
let dump: AzDump;
if (fromDump >= 0) dump = JSON.parse(readFileSync(process.argv[fromDump + 1] ?? '', 'utf8')) as AzDump;
else {
  const python = azPython();
  if (!python) {
    console.error('gen:az: no az on PATH (Debian: apt-get install azure-cli)');
    process.exit(1);
  }
  dump = dumpAzCommands(python);
}
writeFileSync('src/tools/azure/az-commands.generated.ts', renderAzTable(dump));
console.log(`wrote src/tools/azure/az-commands.generated.ts: ${Object.keys(dump.commands).length} commands of azure-cli ${dump.version}`);
