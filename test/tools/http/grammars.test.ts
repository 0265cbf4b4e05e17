// The curl and wget grammar tables against the installed programs' own `--help`, and the scanner's forms.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { scanArgs } from '../../../src/tools/http/argv.js';
import { CURL, CURL_OPTIONS, WGET, WGET_OPTIONS } from '../../../src/tools/http/grammars.js';
import { parseRequestItem } from '../../../src/tools/http/httpie-tool.js';
import { tokeniseCurlConfig } from '../../../src/tools/http/curl-config.js';

function help(program: string, args: string[]): string | null {
  const run = spawnSync(program, args, { encoding: 'utf8' });
  return run.status === 0 ? run.stdout : null;
}

/** `-d, --data <data>` → { long: 'data', short: 'd', value: true } for every documented option. */
function documented(text: string, valueMark: (rest: string) => boolean): { long: string; short?: string; value: boolean }[] {
  const out: { long: string; short?: string; value: boolean }[] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().split(' ').filter((w) => w !== '');
    if (!line.startsWith(' ') || !words[0]?.startsWith('-')) continue;
    let short: string | undefined;
    if (!words[0].startsWith('--')) {
      short = words[0].slice(1).split(',')[0];
      words.shift();
    }
    const option = words[0];
    if (!option?.startsWith('--')) continue;
    const equals = option.indexOf('=');
    const long = option.slice(2, equals < 0 ? undefined : equals);
    out.push({ long, ...(short && short.length === 1 ? { short } : {}), value: equals >= 0 || valueMark(words.slice(1).join(' ')) });
  }
  return out;
}

const curlHelp = help('curl', ['--help', 'all']);
test('every option `curl --help all` documents is in the table with the same short name and arity', { skip: curlHelp === null ? 'curl is not installed' : false }, () => {
  const rows = documented(curlHelp ?? '', (rest) => rest.startsWith('<') || rest.startsWith('[protocol'));
  assert.ok(rows.length > 200);
  for (const row of rows) {
    const spec = CURL_OPTIONS.find((s) => s.long === row.long);
    assert.ok(spec, `curl --${row.long} missing from src/tools/http/grammars.ts`);
    if (row.long !== 'help') assert.equal(spec.value, row.value, `curl --${row.long} arity`);
    if (row.short) assert.equal(spec.short, row.short, `curl --${row.long} short name`);
  }
});

const wgetHelp = help('wget', ['--help']);
test('every option `wget --help` documents is in the table', { skip: wgetHelp === null ? 'wget is not installed' : false }, () => {
  const rows = documented(wgetHelp ?? '', () => false);
  assert.ok(rows.length > 100);
  for (const row of rows) {
    const spec = WGET_OPTIONS.find((s) => s.long === row.long);
    assert.ok(spec, `wget --${row.long} missing from src/tools/http/grammars.ts`);
    if (row.value) assert.equal(spec.value, true, `wget --${row.long} takes a value`);
  }
});

test('curl: clustered shorts, attached values, prefixes, --no- and --next', () => {
  const scanned = scanArgs(CURL, { equalsForm: false, negatedBooleans: true, expandPrefix: true, separators: ['-:', '--next'] }, ['-sSLXPOST', '-d@body.json', '--data-ra', 'x', '--no-silent', 'https://a', '--next', 'https://b']);
  assert.deepEqual(scanned.problems, []);
  const [first, second] = scanned.groups;
  assert.deepEqual(first?.options.map((o) => [o.name, o.value]), [['silent', ''], ['show-error', ''], ['location', ''], ['request', 'POST'], ['data', '@body.json'], ['data-raw', 'x'], ['silent', '']]);
  assert.deepEqual(first?.positionals, ['https://a']);
  assert.deepEqual(second?.positionals, ['https://b']);
  assert.deepEqual(scanArgs(CURL, { equalsForm: false, negatedBooleans: true }, ['--request=GET']).problems, ['unknown option --request=GET']);
  assert.deepEqual(scanArgs(CURL, { equalsForm: false, negatedBooleans: true }, ['--dat', 'x']).problems, ['ambiguous option --dat']);
});

test('wget: --name=value and -n two-letter options', () => {
  const scanned = scanArgs(WGET, { equalsForm: true, negatedBooleans: true }, ['-nv', '--post-data=a=b', '-O-', 'https://a']);
  assert.deepEqual(scanned.groups[0]?.options.map((o) => [o.name, o.value]), [['no', 'v'], ['post-data', 'a=b'], ['output-document', '-']]);
});

test('httpie request items: the first separator wins, the longest at one position, backslash escapes', () => {
  assert.deepEqual(parseRequestItem('query=mutation { a(b: "c") }'), { key: 'query', separator: '=', value: 'mutation { a(b: "c") }' });
  assert.deepEqual(parseRequestItem('variables:={"id":"v"}'), { key: 'variables', separator: ':=', value: '{"id":"v"}' });
  assert.deepEqual(parseRequestItem('Authorization:Bearer x'), { key: 'Authorization', separator: ':', value: 'Bearer x' });
  assert.deepEqual(parseRequestItem('q==1'), { key: 'q', separator: '==', value: '1' });
  assert.deepEqual(parseRequestItem('a\\=b=c'), { key: 'a=b', separator: '=', value: 'c' });
  assert.equal(parseRequestItem('plain'), null);
});

test('curl config files: names with or without dashes, =, :, quotes and escapes', () => {
  assert.deepEqual(tokeniseCurlConfig('# comment\nurl = "https://a/b"\n--data-binary @x.json\nsilent\nheader: "A: \\"b\\""\n'), ['--url', 'https://a/b', '--data-binary', '@x.json', '--silent', '--header', 'A: "b"']);
});
