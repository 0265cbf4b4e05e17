// Which project, account and configuration gcloud would use: flags, CLOUDSDK_* variables, then the active configuration's file.
import { join, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';

const MAX_CONFIG_BYTES = 1024 * 1024;

export interface GcloudFlagsForScope {
  readonly project?: string;
  readonly account?: string;
  readonly configuration?: string;
}

export interface GcloudScope {
  /** null when nothing sets a project (gcloud then fails for project-scoped commands). */
  readonly project: string | null;
  readonly projectSource: string;
  readonly account: string | null;
  readonly configuration: string;
  readonly configurationSource: string;
  /** The configuration file read (or that would be read). */
  readonly configFile: string;
  readonly problems: readonly string[];
}

/** gcloud's property files are INI (Python configparser): `[section]`, `key = value` or `key: value`, `#`/`;` comments. */
export function parseProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  let section = '';
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      section = line.slice(1, -1).trim().toLowerCase();
      continue;
    }
    const separator = [line.indexOf('='), line.indexOf(':')].filter((index) => index > 0).sort((a, b) => a - b)[0];
    if (separator === undefined) continue;
    properties.set(`${section}/${line.slice(0, separator).trim().toLowerCase()}`, line.slice(separator + 1).trim());
  }
  return properties;
}

/** $CLOUDSDK_CONFIG, else ~/.config/gcloud (Linux and macOS). */
export function gcloudConfigDir(ctx: Context): string {
  const override = ctx.env.CLOUDSDK_CONFIG;
  return override ? resolvePath(ctx.cwd, override) : join(ctx.home, '.config', 'gcloud');
}

async function readText(ctx: Context, path: string): Promise<string | null> {
  if (!ctx.fileExists(path)) return null;
  const bytes = await ctx.readFile(path);
  if (bytes.length > MAX_CONFIG_BYTES) throw new Error(`${path} is larger than guard reads`);
  return bytes.toString('utf8');
}

/**
 * Precedence as gcloud documents it (`gcloud topic configurations`): --configuration >
 * CLOUDSDK_ACTIVE_CONFIG_NAME > the active_config file > `default`; a property comes from its flag,
 * then its CLOUDSDK_SECTION_NAME variable, then the configuration file.
 */
export async function resolveGcloudScope(flags: GcloudFlagsForScope, ctx: Context): Promise<GcloudScope> {
  const dir = gcloudConfigDir(ctx);
  const problems: string[] = [];
  let configuration = 'default';
  let configurationSource = 'default configuration';
  if (flags.configuration) {
    configuration = flags.configuration;
    configurationSource = '--configuration';
  } else if (ctx.env.CLOUDSDK_ACTIVE_CONFIG_NAME) {
    configuration = ctx.env.CLOUDSDK_ACTIVE_CONFIG_NAME;
    configurationSource = 'CLOUDSDK_ACTIVE_CONFIG_NAME';
  } else {
    try {
      const active = (await readText(ctx, join(dir, 'active_config')))?.trim();
      if (active) {
        configuration = active;
        configurationSource = `${join(dir, 'active_config')}`;
      }
    } catch (error) {
      problems.push(`active_config could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const configFile = join(dir, 'configurations', `config_${configuration}`);
  let properties = new Map<string, string>();
  try {
    const text = await readText(ctx, configFile);
    if (text !== null) properties = parseProperties(text);
    else if (configuration !== 'default') problems.push(`configuration ${configuration} has no file ${configFile}`);
  } catch (error) {
    problems.push(`${configFile} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const fromFile = properties.get('core/project') || null;
  const [project, projectSource] = flags.project
    ? [flags.project, '--project']
    : ctx.env.CLOUDSDK_CORE_PROJECT
      ? [ctx.env.CLOUDSDK_CORE_PROJECT, 'CLOUDSDK_CORE_PROJECT']
      : fromFile
        ? [fromFile, `configuration ${configuration} (${configFile})`]
        : [null, `no project set (configuration ${configuration})`];
  const account = flags.account ?? ctx.env.CLOUDSDK_CORE_ACCOUNT ?? (properties.get('core/account') || null);
  return { project, projectSource, account, configuration, configurationSource, configFile, problems };
}

/**
 * The project a full resource name or URI carries, which gcloud uses instead of --project:
 * `projects/P/instances/db`, `https://sqladmin.googleapis.com/v1/projects/P/instances/db`.
 */
export function projectInResourceName(word: string): string | null {
  const parts = word.split('/');
  for (let i = 0; i + 1 < parts.length; i++) {
    if (parts[i] === 'projects' && (parts[i + 1] ?? '') !== '' && (i === 0 || parts[i - 1] !== '')) return parts[i + 1] ?? null;
  }
  return null;
}
