// The generated docker grammar still matches the installed docker client's own --help.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderGrammarModule } from '../../support/pflag-help.js';
import { DOCKER_HELP } from './docker-help.js';

const HAVE_DOCKER = spawnSync('docker', ['--version']).status === 0;

test('docker-commands.generated.ts is what the installed docker client\'s --help says', { skip: HAVE_DOCKER ? false : 'no docker client here: the generated grammar cannot be checked' }, () => {
  const reader = DOCKER_HELP();
  try {
    const fresh = renderGrammarModule({ program: 'docker', constant: 'DOCKER', generator: 'test/tools/docker/generate-docker-grammar.ts', version: reader.version, tree: reader.read() });
    assert.equal(readFileSync('src/tools/docker/docker-commands.generated.ts', 'utf8'), fresh, 'stale: npm run gen:docker');
  } finally {
    reader.remove();
  }
});
