// wget: the request it sends (method, headers, --post-data/--body-file…), read with GNU getopt's grammar.
import type { Context } from '../../core/context.js';
import { scanArgs, type OptionUse } from './argv.js';
import { WGET } from './grammars.js';
import { makeHttpTool, type PlannedInvocation } from './http-tool.js';
import { splitHeader, type BodySource, type HttpHeader, type PlannedRequest } from './request.js';
import { wgetRules } from './rules.js';

/** `-e name=value` (.wgetrc commands) that change what is sent, mapped to their options. */
const WGETRC_COMMANDS: Readonly<Record<string, string>> = {
  post_data: 'post-data',
  postdata: 'post-data',
  post_file: 'post-file',
  postfile: 'post-file',
  body_data: 'body-data',
  bodydata: 'body-data',
  body_file: 'body-file',
  bodyfile: 'body-file',
  method: 'method',
  header: 'header',
  input: 'input-file',
};

async function planWget(args: readonly string[], ctx: Context): Promise<PlannedInvocation> {
  const scanned = scanArgs(WGET, { equalsForm: true, negatedBooleans: true }, args);
  const problems = [...scanned.problems];
  const unseen: string[] = [];
  let method: string | null = null;
  const headers: HttpHeader[] = [];
  let body: BodySource | null = null;
  let posting = false;
  const urls: string[] = [];

  const apply = (option: OptionUse): void => {
    const { name, value } = option;
    switch (name) {
      case 'execute': {
        const equals = value.indexOf('=');
        const command = (equals < 0 ? value : value.slice(0, equals)).trim().toLowerCase().split('-').join('_');
        const mapped = WGETRC_COMMANDS[command];
        if (mapped) apply({ name: mapped, value: equals < 0 ? '' : value.slice(equals + 1).trim(), spelling: `-e ${command}` });
        break;
      }
      case 'post-data':
      case 'body-data':
        body = { kind: 'inline', text: value };
        posting ||= name === 'post-data';
        break;
      case 'post-file':
      case 'body-file':
        body = value === '-' ? { kind: 'stdin' } : { kind: 'file', path: value };
        posting ||= name === 'post-file';
        break;
      case 'method':
        method = value.toUpperCase();
        break;
      case 'header': {
        const header = splitHeader(value);
        if (header) headers.push(header);
        break;
      }
      case 'input-file':
        unseen.push(`wget ${option.spelling} ${value}: reads the URLs to fetch from ${value === '-' ? 'stdin' : value}`);
        break;
      case 'config':
        unseen.push(`wget --config ${value}: a .wgetrc guard does not read (it may set post_data, method or header)`);
        break;
      default:
        break;
    }
  };
  for (const group of scanned.groups) {
    for (const option of group.options) apply(option);
    urls.push(...group.positionals);
  }
  const finalBody = body as BodySource | null;
  const resolvedMethod = method ?? (posting ? 'POST' : 'GET');
  const requests: PlannedRequest[] = urls.map((url) => ({
    url,
    method: resolvedMethod,
    headers,
    body: finalBody ? [{ source: finalBody }] : [],
    joiner: '',
    format: 'urlencoded',
  }));
  return { info: scanned.info, problems, unseen, requests: unseen.length > 0 && requests.length === 0 ? [] : requests };
}

export const wgetTool = makeHttpTool({
  name: 'wget',
  summary: 'retrieve URLs (raw HTTP: --post-data, --method, --body-file)',
  rules: wgetRules,
  defaultScheme: 'http',
  checkedAgainst: {
    version: 'GNU Wget 1.21.3',
    references: ['wget --help (GNU Wget 1.21.3, Debian 12)', 'https://www.gnu.org/software/wget/manual/wget.html (HTTP Options: --post-data, --post-file, --method, --body-data, --body-file, --header; Wgetrc Commands)'],
  },
  plan: planWget,
});
