// Writes src/tools/docker/docker-commands.generated.ts from the installed docker client's --help (run from the repository root).
import { writeFileSync } from 'node:fs';
import { DOCKER_HELP } from './docker-help.js';
import { renderGrammarModule } from '../../support/pflag-help.js';

const reader = DOCKER_HELP();
try {
  writeFileSync('src/tools/docker/docker-commands.generated.ts', renderGrammarModule({ program: 'docker', constant: 'DOCKER', generator: 'test/tools/docker/generate-docker-grammar.ts', version: reader.version, tree: reader.read() }));
} finally {
  reader.remove();
}
