// Snippet extraction per file kind: Makefile recipes, workflow run: steps, GitLab scripts, npm scripts, positions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractMakeSnippets } from '../../src/scan/extract-make.js';
import { extractGithubSnippets, extractGitlabSnippets, extractPackageScripts, replaceGithubExpressions } from '../../src/scan/extract-ci.js';
import { kindFromName, shebangInterpreter } from '../../src/scan/files.js';
import { mapPosition } from '../../src/scan/scanner.js';

const brief = (snippets: { text: string; positions: readonly { line: number; column: number }[]; label: string; opaque?: string }[]) =>
  snippets.map((s) => ({ text: s.text, at: `${s.positions[0]?.line}:${s.positions[0]?.column}`, label: s.label, ...(s.opaque ? { opaque: true } : {}) }));

test('Makefile: recipe lines with their lines, prefixes stripped, variables expanded, $$ kept for the shell', () => {
  const makefile = [
    'DB_HOST := db.prod.internal',
    'PSQL = psql -h $(DB_HOST)',
    '.PHONY: nuke-db build',
    '# a comment: not a recipe',
    'build: src/main.c',
    '\t$(CC) -o app $<',
    '',
    'nuke-db:',
    '\t@echo "nuking $@"',
    '\t-$(PSQL) -c "DROP DATABASE shop"',
    '\tfor f in *.sql; do \\',
    '\t  echo $$f; done',
    'clean: ; $(RM) -r build',
    'deploy: export FOO = bar',
  ].join('\n');
  assert.deepEqual(brief(extractMakeSnippets(makefile, '/repo')), [
    { text: 'cc -o app ${GUARD_MAKE_AUTOMATIC}', at: '6:2', label: 'make target build' },
    { text: 'echo "nuking nuke-db"', at: '9:3', label: 'make target nuke-db' },
    { text: 'psql -h db.prod.internal -c "DROP DATABASE shop"', at: '10:3', label: 'make target nuke-db' },
    { text: 'for f in *.sql; do \\\n  echo $f; done', at: '11:2', label: 'make target nuke-db' },
    { text: 'rm -f -r build', at: '13:10', label: 'make target clean' },
  ]);
});

test('Makefile: make functions and environment variables stay unknown to guard, $(shell …) shows its command', () => {
  const snippets = extractMakeSnippets('t:\n\t$(shell railway whoami) $(wildcard *.c) $(DATABASE_URL)\n', '/repo');
  assert.equal(snippets[0]?.text, '$(railway whoami) $(guard-make-function-wildcard) ${DATABASE_URL}');
});

test('GitHub Actions: every run: step, multi-line blocks line for line, shell-aware, expressions unknown', () => {
  const workflow = [
    'name: deploy', //1
    'on: push', //2
    'env:', //3
    '  RAILWAY_ENVIRONMENT: production', //4
    'jobs:', //5
    '  wipe:', //6
    '    runs-on: ubuntu-latest', //7
    '    steps:', //8
    '      - uses: actions/checkout@v4', //9
    '      - name: reset', //10
    '        run: |', //11
    '          echo start', //12
    '          railway volume delete --volume ${{ vars.VOLUME }} --yes', //13
    '      - run: "psql -c \'DROP TABLE t\'"', //14
    '      - run: Remove-Item -Recurse C:\\data', //15
    '        shell: pwsh', //16
  ].join('\n');
  const snippets = extractGithubSnippets(workflow, '/repo/.github/workflows/deploy.yml');
  assert.deepEqual(brief(snippets), [
    { text: 'echo start\nrailway volume delete --volume ${GUARD_GITHUB_EXPRESSION} --yes\n', at: '12:11', label: 'job wipe, step 2 (reset)' },
    { text: "psql -c 'DROP TABLE t'", at: '14:15', label: 'job wipe, step 3' },
    { text: 'Remove-Item -Recurse C:\\data', at: '15:14', label: 'job wipe, step 4', opaque: true },
  ]);
  assert.deepEqual(snippets[0]?.positions[1], { line: 13, column: 11 });
  assert.equal(snippets[0]?.cwd, '/repo');
  assert.deepEqual(snippets[0]?.env, { RAILWAY_ENVIRONMENT: 'production' });
  assert.equal(replaceGithubExpressions('a ${{ x }} b ${{ y'), 'a ${GUARD_GITHUB_EXPRESSION} b ${{ y');
});

test('GitLab CI: script, before_script and after_script items, default:, and !reference resolved', () => {
  const ci = [
    'stages: [test]', //1
    '.setup:', //2
    '  script:', //3
    '    - railway volume delete -v pg-data --yes', //4
    'default:', //5
    '  before_script:', //6
    '    - echo hello', //7
    'reset:', //8
    '  script:', //9
    '    - psql -c "TRUNCATE orders"', //10
    '    - !reference [.setup, script]', //11
    '    - !reference [.missing, script]', //12
  ].join('\n');
  const snippets = brief(extractGitlabSnippets(ci, '/repo/.gitlab-ci.yml'));
  assert.deepEqual(snippets, [
    { text: 'echo hello', at: '7:7', label: 'job default, before_script' },
    { text: 'railway volume delete -v pg-data --yes', at: '4:7', label: 'job .setup, script' },
    { text: 'psql -c "TRUNCATE orders"', at: '10:7', label: 'job reset, script' },
    { text: 'railway volume delete -v pg-data --yes', at: '4:7', label: 'job reset, script' },
    { text: '', at: '12:18', label: 'job reset, script', opaque: true },
  ]);
});

test('package.json: every script with the line of its value; invalid JSON throws', () => {
  const pkg = '{\n  "name": "x",\n  "scripts": {\n    "build": "tsc -p .",\n    "reset": "psql -c \\"DROP SCHEMA public CASCADE\\""\n  }\n}\n';
  assert.deepEqual(brief(extractPackageScripts(pkg, '/repo/package.json')), [
    { text: 'tsc -p .', at: '4:15', label: 'npm script "build"' },
    { text: 'psql -c "DROP SCHEMA public CASCADE"', at: '5:15', label: 'npm script "reset"' },
  ]);
  assert.throws(() => extractPackageScripts('{"scripts": {', '/repo/package.json'), /not valid YAML\/JSON/);
});

test('file kinds by name and shebang', () => {
  const cases: [string, string | null][] = [
    ['/r/Makefile', 'make'], ['/r/GNUmakefile', 'make'], ['/r/rules.mk', 'make'], ['/r/package.json', 'package-json'],
    ['/r/.github/workflows/ci.yml', 'github-actions'], ['/r/.github/workflows/ci.yaml', 'github-actions'], ['/r/ci.yml', null],
    ['/r/.gitlab-ci.yml', 'gitlab-ci'], ['/r/db/0001.sql', 'sql'], ['/r/x.sh', 'shell'], ['/r/x.zsh', 'shell'], ['/r/README.md', null],
  ];
  for (const [path, kind] of cases) assert.equal(kindFromName(path), kind, path);
  assert.equal(shebangInterpreter('#!/usr/bin/env -S bash -e\n'), 'bash');
  assert.equal(shebangInterpreter('#!/bin/sh\n'), 'sh');
  assert.equal(shebangInterpreter('#!/usr/bin/python3\n'), 'python3');
  assert.equal(shebangInterpreter('echo hi'), null);
});

test('positions: snippet lines map to file lines, columns offset only on mapped lines', () => {
  const positions = [{ line: 10, column: 5 }, { line: 11, column: 5 }];
  assert.deepEqual(mapPosition(positions, 1, 3), { line: 10, column: 7 });
  assert.deepEqual(mapPosition(positions, 2, 1), { line: 11, column: 5 });
  assert.deepEqual(mapPosition(positions, 4, 2), { line: 13, column: 2 });
});
