// A compose project as `docker compose` loads it: its files, name, active services and the volumes `down -v` deletes.
import { basename, dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { Context } from '../../core/context.js';
import { parse as parseYaml } from 'yaml';

// compose-go cli/options.go: default files compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml,
// looked up from the working directory upward, each with its .override file; COMPOSE_FILE (separated by
// COMPOSE_PATH_SEPARATOR, ':' on Unix) when no -f. Project name: -p, COMPOSE_PROJECT_NAME, the files' `name:`,
// then the project directory's base name, normalised to [a-z0-9_-]. docker/compose pkg/compose/loader.go:
// services are enabled by --profile/COMPOSE_PROFILES (services without profiles always), and unless
// --all-resources, volumes no enabled service uses are dropped (WithoutUnnecessaryResources).
const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const OVERRIDES: Readonly<Record<string, readonly string[]>> = {
  'compose.yaml': ['compose.override.yaml', 'compose.override.yml'],
  'compose.yml': ['compose.override.yml', 'compose.override.yaml'],
  'docker-compose.yml': ['docker-compose.override.yml', 'docker-compose.override.yaml'],
  'docker-compose.yaml': ['docker-compose.override.yaml', 'docker-compose.override.yml'],
};

export interface ComposeVolume {
  /** The key under top-level `volumes:`. */
  readonly key: string;
  /** The engine's volume name: `name:` or `<project>_<key>`. */
  readonly name: string;
  readonly external: boolean;
  /** Used by an enabled service (or --all-resources). */
  readonly inScope: boolean;
}

export interface ComposeProject {
  readonly files: readonly string[];
  readonly name: string | null;
  readonly nameSource: string;
  readonly volumes: readonly ComposeVolume[];
  readonly problems: readonly string[];
}

export interface ComposeOptions {
  readonly files: readonly string[];
  readonly projectName?: string | undefined;
  readonly projectDirectory?: string | undefined;
  readonly profiles: readonly string[];
  readonly allResources: boolean;
  /** Services named on the command line (`down web db`). */
  readonly services: readonly string[];
}

type Yaml = Record<string, unknown>;
const isObject = (value: unknown): value is Yaml => typeof value === 'object' && value !== null && !Array.isArray(value);

function findDefaultFile(start: string, ctx: Context): string | null {
  let dir = start;
  for (;;) {
    for (const name of DEFAULT_FILES) if (ctx.fileExists(join(dir, name))) return join(dir, name);
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function composeFiles(options: ComposeOptions, ctx: Context, workdir: string): { files: string[]; problems: string[] } {
  const absolute = (path: string) => (isAbsolute(path) ? path : resolvePath(ctx.cwd, path));
  if (options.files.length > 0) return { files: options.files.map(absolute), problems: options.files.includes('-') ? ['compose file read from stdin'] : [] };
  if (ctx.env.COMPOSE_FILE) {
    const separator = ctx.env.COMPOSE_PATH_SEPARATOR || ':';
    return { files: ctx.env.COMPOSE_FILE.split(separator).filter(Boolean).map(absolute), problems: [] };
  }
  const found = findDefaultFile(workdir, ctx);
  if (!found) return { files: [], problems: [`no compose file in ${workdir} or above (compose.yaml, docker-compose.yml…)`] };
  const override = (OVERRIDES[basename(found)] ?? []).map((name) => join(dirname(found), name)).find((path) => ctx.fileExists(path));
  return { files: override ? [found, override] : [found], problems: [] };
}

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`, `$$`: compose's interpolation, or null when a variable is unset. */
export function interpolate(text: string, variables: Readonly<Record<string, string | undefined>>): string | null {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char !== '$') {
      out += char;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    let body: string;
    if (next === '{') {
      const end = text.indexOf('}', i + 2);
      if (end < 0) return null;
      body = text.slice(i + 2, end);
      i = end;
    } else {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j] ?? '')) j++;
      body = text.slice(i + 1, j);
      i = j - 1;
    }
    const operator = ['-', ':-', '?', ':?', '+', ':+'].map((op) => ({ op, at: body.indexOf(op) })).filter((o) => o.at > 0).sort((a, b) => a.at - b.at || b.op.length - a.op.length)[0];
    const name = operator ? body.slice(0, operator.at) : body;
    const rest = operator ? body.slice(operator.at + operator.op.length) : '';
    const value = variables[name];
    if (operator?.op === ':-') out += value ? value : rest;
    else if (operator?.op === '-') out += value ?? rest;
    else if (operator?.op === ':+' || operator?.op === '+') out += value ? rest : '';
    else if (value === undefined) return null;
    else out += value;
  }
  return out;
}

/** `.env` in the project directory: KEY=VALUE lines (compose reads it for interpolation). */
async function dotenv(dir: string, ctx: Context): Promise<Record<string, string>> {
  const path = join(dir, '.env');
  if (!ctx.fileExists(path)) return {};
  const out: Record<string, string> = {};
  for (const line of (await ctx.readFile(path)).toString('utf8').split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) continue;
    out[trimmed.slice(0, eq).replace(/^export\s+/, '').trim()] = trimmed.slice(eq + 1).trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** The volume keys a service mounts: short `data:/var/lib/x[:ro]` (not bind paths) and long `{type: volume, source}`. */
function serviceVolumeKeys(service: Yaml): string[] {
  const keys: string[] = [];
  for (const entry of Array.isArray(service.volumes) ? service.volumes : []) {
    if (typeof entry === 'string') {
      const source = entry.split(':')[0] ?? '';
      if (entry.includes(':') && source && !source.startsWith('.') && !source.startsWith('/') && !source.startsWith('~') && !source.startsWith('$')) keys.push(source);
    } else if (isObject(entry) && (entry.type === 'volume' || entry.type === undefined) && typeof entry.source === 'string') keys.push(entry.source);
  }
  return keys;
}

function enabled(service: Yaml, profiles: readonly string[]): boolean {
  const own = Array.isArray(service.profiles) ? service.profiles.map(String) : [];
  return own.length === 0 || profiles.includes('*') || own.some((profile) => profiles.includes(profile));
}

export async function loadComposeProject(options: ComposeOptions, ctx: Context): Promise<ComposeProject> {
  const workdir = options.projectDirectory ? resolvePath(ctx.cwd, options.projectDirectory) : ctx.cwd;
  const { files, problems } = composeFiles(options, ctx, workdir);
  const projectDir = options.projectDirectory ? workdir : files[0] ? dirname(files[0]) : workdir;
  const variables = { ...(await dotenv(projectDir, ctx)), ...ctx.env };
  const services: Record<string, Yaml> = {};
  const volumes: Record<string, Yaml | null> = {};
  let fileName: string | null = null;
  for (const file of files) {
    if (file.endsWith('/-') || file === '-') continue;
    try {
      const parsed: unknown = parseYaml((await ctx.readFile(file)).toString('utf8'));
      if (!isObject(parsed)) continue;
      if (typeof parsed.name === 'string') fileName = parsed.name;
      if (isObject(parsed.services)) for (const [key, value] of Object.entries(parsed.services)) services[key] = { ...(services[key] ?? {}), ...(isObject(value) ? value : {}) };
      if (isObject(parsed.volumes)) for (const [key, value] of Object.entries(parsed.volumes)) volumes[key] = { ...(volumes[key] ?? {}), ...(isObject(value) ? value : {}) };
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  const profiles = options.profiles.length > 0 ? options.profiles : (ctx.env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  let raw: string | null;
  let nameSource: string;
  if (options.projectName) [raw, nameSource] = [options.projectName, '-p/--project-name'];
  else if (ctx.env.COMPOSE_PROJECT_NAME) [raw, nameSource] = [ctx.env.COMPOSE_PROJECT_NAME, 'COMPOSE_PROJECT_NAME'];
  else if (fileName) [raw, nameSource] = [interpolate(fileName, variables), `name: in ${files.join(', ')}`];
  else [raw, nameSource] = [basename(projectDir), `the project directory ${projectDir}`];
  if (raw === null) problems.push('the project name uses a variable that is not set');
  const name = raw === null ? null : [...raw.toLowerCase()].filter((c) => /[a-z0-9_-]/.test(c)).join('');
  const used = new Set<string>();
  for (const [key, service] of Object.entries(services)) {
    if (!enabled(service, profiles)) continue;
    if (options.services.length > 0 && !options.services.includes(key)) continue;
    for (const volume of serviceVolumeKeys(service)) used.add(volume);
  }
  const list: ComposeVolume[] = [];
  for (const [key, spec] of Object.entries(volumes)) {
    const external = spec?.external === true || isObject(spec?.external);
    const given = typeof spec?.name === 'string' ? interpolate(spec.name, variables) : null;
    if (typeof spec?.name === 'string' && given === null) problems.push(`volume ${key}: its name uses a variable that is not set`);
    list.push({ key, name: given ?? (name ? `${name}_${key}` : key), external, inScope: options.allResources || used.has(key) });
  }
  return { files, name, nameSource, volumes: list, problems };
}
