// The high-level `aws s3` commands: their options (awscli/customizations/s3/subcommands.py and syncstrategy/), and s3:// paths.
import { matchOption, splitCommandLine, type AwsOption } from './argv.js';

type Arity = 'flag' | 'one' | 'optional' | 'many';

const TRANSFER_FLAGS = ['dryrun', 'quiet', 'follow-symlinks', 'no-follow-symlinks', 'no-guess-mime-type', 'only-show-errors', 'no-progress', 'ignore-glacier-warnings', 'force-glacier-transfer'];
const TRANSFER_VALUES = [
  'include', 'exclude', 'acl', 'sse-c-key', 'sse-kms-key-id', 'sse-c-copy-source-key', 'storage-class', 'website-redirect', 'content-type', 'cache-control',
  'content-disposition', 'content-encoding', 'content-language', 'expires', 'source-region', 'page-size', 'checksum-mode', 'checksum-algorithm', 'metadata',
  'metadata-directive', 'case-conflict',
];
/** nargs='?' in the CLI: they take the next token when it is not an option. */
const TRANSFER_OPTIONAL = ['sse', 'sse-c', 'sse-c-copy-source', 'request-payer'];

function spec(flags: readonly string[], values: readonly string[], optional: readonly string[] = [], many: readonly string[] = []): Readonly<Record<string, Arity>> {
  return Object.fromEntries([...flags.map((f) => [f, 'flag']), ...values.map((v) => [v, 'one']), ...optional.map((o) => [o, 'optional']), ...many.map((m) => [m, 'many'])]);
}

/** Each subcommand's options, as `aws s3 <cmd> help` and the source list them (aws-cli 1.45.11). */
export const S3_COMMANDS: Readonly<Record<string, { readonly paths: number; readonly options: Readonly<Record<string, Arity>> }>> = {
  cp: { paths: 2, options: spec([...TRANSFER_FLAGS, 'recursive'], [...TRANSFER_VALUES, 'expected-size'], TRANSFER_OPTIONAL, ['grants']) },
  ls: { paths: 1, options: spec(['recursive', 'human-readable', 'summarize'], ['page-size', 'bucket-name-prefix', 'bucket-region'], ['request-payer']) },
  mb: { paths: 1, options: spec([], ['tags']) },
  mv: { paths: 2, options: spec([...TRANSFER_FLAGS, 'recursive', 'validate-same-s3-paths'], TRANSFER_VALUES, TRANSFER_OPTIONAL, ['grants']) },
  presign: { paths: 1, options: spec([], ['expires-in']) },
  rb: { paths: 1, options: spec(['force'], []) },
  rm: { paths: 1, options: spec(['dryrun', 'quiet', 'recursive', 'only-show-errors'], ['include', 'exclude', 'page-size'], ['request-payer']) },
  // --delete, --exact-timestamps and --size-only come from awscli/customizations/s3/syncstrategy/.
  sync: { paths: 2, options: spec([...TRANSFER_FLAGS, 'delete', 'exact-timestamps', 'size-only'], TRANSFER_VALUES, TRANSFER_OPTIONAL, ['grants']) },
  website: { paths: 1, options: spec([], ['index-document', 'error-document']) },
};

export interface S3Command {
  readonly name: string;
  readonly paths: readonly string[];
  /** Options by their full name, after argparse's unique-prefix matching. */
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly problems: readonly string[];
  readonly help: boolean;
}

export function parseS3Command(name: string, rest: readonly string[]): S3Command {
  const command = S3_COMMANDS[name];
  const problems: string[] = [];
  if (!command) return { name, paths: [], flags: new Set(), values: new Map(), problems: [`aws s3 ${name}: not an s3 command guard knows`], help: false };
  const names = Object.keys(command.options);
  const resolve = (written: string) => {
    const match = matchOption(written, names);
    return match && 'name' in match ? match.name : null;
  };
  const line = splitCommandLine(rest, (written) => {
    const full = resolve(written);
    return full ? (command.options[full] ?? null) : 'flag';
  });
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  for (const option of line.options as AwsOption[]) {
    const match = matchOption(option.name, names);
    if (match === null) {
      problems.push(`--${option.name} is not an option of aws s3 ${name} (the CLI refuses it)`);
      continue;
    }
    if ('ambiguous' in match) {
      problems.push(`--${option.name} is ambiguous for aws s3 ${name}`);
      continue;
    }
    if (command.options[match.name] === 'flag') {
      if (option.inline) problems.push(`--${match.name} takes no value (the CLI refuses --${option.name}=${option.values[0] ?? ''})`);
      else flags.add(match.name);
    }
    else values.set(match.name, [...(values.get(match.name) ?? []), ...option.values]);
  }
  const paths = [...line.positionals.slice(2), ...line.afterDash];
  const help = paths.length === 1 && paths[0] === 'help' && line.options.length === 0;
  if (!help && paths.length !== command.paths && !(name === 'ls' && paths.length === 0)) problems.push(`aws s3 ${name} takes ${command.paths} path${command.paths === 1 ? '' : 's'}, got ${paths.length}`);
  return { name, paths, flags, values, problems, help };
}

/** `s3://bucket/some/prefix` → bucket and key; null for local paths. */
export function s3Url(path: string): { bucket: string; key: string } | null {
  if (!path.startsWith('s3://')) return null;
  const rest = path.slice(5);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  return bucket ? { bucket, key: slash === -1 ? '' : rest.slice(slash + 1) } : null;
}
