// Which profile, account, region and endpoint an aws command uses, read from its files and variables exactly as botocore does.
import type { Context } from '../../core/context.js';

/** Secret keys are never kept: only whether a profile carries them. */
const SECRET_KEYS = new Set(['aws_secret_access_key', 'aws_session_token', 'aws_security_token']);

export type IniSections = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * Python's configparser.RawConfigParser as botocore uses it (configloader.raw_config_parse):
 * `[section]`, `key = value` or `key: value`, keys lower-cased, `#`/`;` comment lines, indented
 * lines continue the previous value. A duplicate section or key is an error there too.
 */
export function parseIni(text: string): { sections: IniSections; problems: string[] } {
  const sections = new Map<string, Map<string, string>>();
  const problems: string[] = [];
  let current: Map<string, string> | null = null;
  let lastKey: string | null = null;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (trimmed === '') lastKey = lastKey && current ? lastKey : null;
      continue;
    }
    if (raw[0] === ' ' || raw[0] === '\t') {
      if (current && lastKey !== null) current.set(lastKey, `${current.get(lastKey) ?? ''}\n${trimmed}`);
      else problems.push(`line ${index + 1}: a continuation line with nothing to continue`);
      continue;
    }
    if (trimmed.startsWith('[')) {
      const close = trimmed.indexOf(']');
      if (close === -1) {
        problems.push(`line ${index + 1}: unterminated section header`);
        continue;
      }
      const name = trimmed.slice(1, close);
      if (sections.has(name)) problems.push(`section [${name}] appears twice`);
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      lastKey = null;
      continue;
    }
    const separators = [trimmed.indexOf('='), trimmed.indexOf(':')].filter((i) => i > 0);
    const at = separators.length > 0 ? Math.min(...separators) : -1;
    if (!current) {
      problems.push(`line ${index + 1}: a value outside any section`);
      continue;
    }
    const key = (at === -1 ? trimmed : trimmed.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? '' : trimmed.slice(at + 1).trim();
    if (current.has(key)) problems.push(`key ${key} appears twice in a section`);
    current.set(key, SECRET_KEYS.has(key) ? '(set)' : value);
    lastKey = key;
  }
  return { sections, problems };
}

/** botocore's shlex.split of a section name: `profile prod` → prod; `profile "a b"` → a b. */
function sectionName(header: string, kind: string): string | null {
  const parts = header.trim().split(/\s+/);
  if (parts[0] !== kind || parts.length < 2) return null;
  const rest = header.trim().slice(kind.length).trim();
  const unquoted = (rest.startsWith('"') && rest.endsWith('"')) || (rest.startsWith("'") && rest.endsWith("'")) ? rest.slice(1, -1) : rest;
  return unquoted.includes(' ') && unquoted === rest ? null : unquoted;
}

export interface AwsFiles {
  /** Profile name → its settings: the config file's, overridden by the credentials file's (botocore Session.full_config). */
  readonly profiles: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly configFile: string;
  readonly credentialsFile: string;
  readonly problems: readonly string[];
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
}

async function readOptional(path: string, ctx: Context, problems: string[]): Promise<IniSections> {
  if (!ctx.fileExists(path)) return new Map();
  try {
    const parsed = parseIni((await ctx.readFile(path)).toString('utf8'));
    for (const problem of parsed.problems) problems.push(`${path}: ${problem} (the aws CLI refuses this file)`);
    return parsed.sections;
  } catch (error) {
    problems.push(`${path}: ${(error as Error).message}`);
    return new Map();
  }
}

export async function readAwsFiles(ctx: Context): Promise<AwsFiles> {
  const problems: string[] = [];
  const configFile = expandHome(ctx.env.AWS_CONFIG_FILE || '~/.aws/config', ctx.home);
  const credentialsFile = expandHome(ctx.env.AWS_SHARED_CREDENTIALS_FILE || '~/.aws/credentials', ctx.home);
  const profiles = new Map<string, Map<string, string>>();
  for (const [header, values] of await readOptional(configFile, ctx, problems)) {
    const name = header === 'default' ? 'default' : sectionName(header, 'profile');
    if (name !== null) profiles.set(name, new Map(values));
  }
  for (const [name, values] of await readOptional(credentialsFile, ctx, problems)) {
    const merged = profiles.get(name) ?? new Map<string, string>();
    for (const [key, value] of values) merged.set(key, value);
    profiles.set(name, merged);
  }
  return { profiles, configFile, credentialsFile, problems };
}

export interface AwsTarget {
  readonly profile: string;
  /** `--profile`, `AWS_DEFAULT_PROFILE`, `AWS_PROFILE` or `default`. */
  readonly profileSource: string;
  readonly profileFound: boolean;
  /** Written down: sso_account_id, aws_account_id, or the account in role_arn (following source_profile). */
  readonly account: string | null;
  readonly accountSource: string | null;
  readonly region: string | null;
  readonly regionSource: string | null;
  /** `--endpoint-url`, else AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's endpoint_url. */
  readonly endpoint: string | null;
  readonly roleArn: string | null;
  /** Where the credentials come from, never their value. */
  readonly credentialSource: string;
  readonly problems: readonly string[];
}

/** `arn:aws:iam::123456789012:role/admin` → 123456789012. */
export function accountOfArn(arn: string): string | null {
  const parts = arn.split(':');
  const account = parts[4] ?? '';
  return parts[0] === 'arn' && account.length === 12 && [...account].every((c) => c >= '0' && c <= '9') ? account : null;
}

/** botocore's AWS_ENDPOINT_URL_<SERVICE ID>: the service id upper-cased, spaces and dashes as underscores. */
function serviceEndpointVariable(service: string): string {
  return `AWS_ENDPOINT_URL_${service.toUpperCase().replaceAll('-', '_').replaceAll(' ', '_')}`;
}

export function resolveAwsTarget(files: AwsFiles, globals: Readonly<Record<string, string | true>>, service: string | null, env: Context['env']): AwsTarget {
  const problems = [...files.problems];
  const flag = (name: string) => (typeof globals[name] === 'string' ? (globals[name] as string) : null);
  // botocore configprovider: 'profile': (None, ['AWS_DEFAULT_PROFILE', 'AWS_PROFILE'], …): AWS_DEFAULT_PROFILE is read first.
  const [profile, profileSource] = flag('profile') ? [flag('profile') as string, '--profile'] : env.AWS_DEFAULT_PROFILE ? [env.AWS_DEFAULT_PROFILE, 'AWS_DEFAULT_PROFILE'] : env.AWS_PROFILE ? [env.AWS_PROFILE, 'AWS_PROFILE'] : ['default', 'default profile'];
  const settings = files.profiles.get(profile);
  const profileFound = settings !== undefined;
  if (!profileFound && profile !== 'default') problems.push(`profile ${profile} is in neither ${files.configFile} nor ${files.credentialsFile} (the aws CLI fails: ProfileNotFound)`);
  const get = (key: string) => settings?.get(key) || null;

  // The account: written down in the profile, or in the role it assumes, following source_profile links.
  let account: string | null = null;
  let accountSource: string | null = null;
  const seen = new Set<string>();
  for (let name: string | null = profile; name && !seen.has(name) && !account; ) {
    seen.add(name);
    const p = files.profiles.get(name);
    const direct = p?.get('sso_account_id') || p?.get('aws_account_id');
    const role = p?.get('role_arn');
    if (direct) [account, accountSource] = [direct, `profile ${name} ${p?.get('sso_account_id') ? 'sso_account_id' : 'aws_account_id'}`];
    else if (role && accountOfArn(role)) [account, accountSource] = [accountOfArn(role), `profile ${name} role_arn`];
    name = p?.get('source_profile') ?? null;
  }

  const region = flag('region') ?? env.AWS_DEFAULT_REGION ?? get('region');
  const regionSource = flag('region') ? '--region' : env.AWS_DEFAULT_REGION ? 'AWS_DEFAULT_REGION' : get('region') ? `profile ${profile}` : null;
  const ignoreConfigured = (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true' || get('ignore_configured_endpoint_urls') === 'true';
  const endpoint = flag('endpoint-url') ?? (ignoreConfigured ? null : ((service ? env[serviceEndpointVariable(service)] : undefined) || env.AWS_ENDPOINT_URL || get('endpoint_url')));

  // Explicit --profile disables the environment's keys (botocore credentials.py: disable_env_vars).
  const envKeys = Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) && profileSource !== '--profile';
  const credentialSource = envKeys
    ? 'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY'
    : get('role_arn')
      ? `profile ${profile}: assumes ${get('role_arn')}`
      : get('sso_session') || get('sso_start_url')
        ? `profile ${profile}: IAM Identity Center (SSO)`
        : get('aws_access_key_id')
          ? `profile ${profile}: access keys in ${files.credentialsFile}`
          : get('credential_process')
            ? `profile ${profile}: credential_process`
            : 'the default chain (instance or container role)';
  return { profile, profileSource, profileFound, account, accountSource, region, regionSource, endpoint, roleArn: get('role_arn'), credentialSource, problems };
}
