// Writes src/tools/heroku/commands.generated.ts from the installed heroku CLI's oclif manifest (run from the repository root).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandsFromManifest, renderHerokuModule } from '../src/tools/heroku/manifest.js';

const root = join(process.cwd(), 'node_modules', 'heroku');
const manifest: unknown = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'));
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const commands = commandsFromManifest(manifest);
writeFileSync(join(process.cwd(), 'src', 'tools', 'heroku', 'commands.generated.ts'), renderHerokuModule(version, commands));
console.log(`wrote src/tools/heroku/commands.generated.ts: ${Object.keys(commands).length} commands from heroku ${version}`);
