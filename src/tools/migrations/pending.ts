// Migration files a forward run (or a rollback) would execute, read and classified file by file.
//
// Offline every migration file counts as pending: guard cannot know which ones the database's
// migrations table already lists, and a file it cannot rule out may run.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Context } from '../../core/context.js';
import { maxRisk, type Risk } from '../../core/risk.js';
import type { ObjectRef } from '../../core/types.js';
import { readCodeMigration, type CodeLanguage, type Direction } from './code-migrations.js';
import { readText } from './dotenv.js';
import { classifyMigrationSql, type SqlDialect } from './sql.js';

/** How a tool lays out and writes its migrations. */
export type MigrationLayout =
  /** Plain SQL files matching `pattern` (flyway V1__x.sql, golang-migrate 1_x.up.sql, sqitch deploy/x.sql). */
  | { readonly kind: 'sql'; readonly pattern: RegExp }
  /** SQL files whose up and down parts are marked by comments (dbmate, goose). */
  | { readonly kind: 'sql-sections'; readonly pattern: RegExp; readonly up: string; readonly down: string }
  /** One directory per migration holding one SQL file (prisma: <name>/migration.sql). */
  | { readonly kind: 'sql-per-directory'; readonly file: string }
  | { readonly kind: 'code'; readonly pattern: RegExp; readonly language: CodeLanguage | ((file: string) => CodeLanguage) };

export interface MigrationFinding {
  /** The file, relative to the working directory. */
  readonly file: string;
  readonly line: number;
  readonly risk: Risk;
  readonly summary: string;
  readonly objects: readonly ObjectRef[];
}

export interface PendingMigrations {
  readonly files: readonly string[];
  readonly findings: readonly MigrationFinding[];
  readonly unverified: readonly string[];
  /** The worst risk of any statement in any file (read when there is nothing to run). */
  readonly risk: Risk;
}

const MAX_FILES = 2000;

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The part of a sectioned SQL file that runs in this direction. */
function section(text: string, up: string, down: string, direction: Direction): string | null {
  const lines = text.split('\n');
  const wanted = direction === 'up' ? up : down;
  const other = direction === 'up' ? down : up;
  let inside = false;
  let seen = false;
  const out: string[] = [];
  for (const line of lines) {
    const marker = line.trim().toLowerCase();
    if (marker.startsWith(wanted.toLowerCase())) {
      inside = true;
      seen = true;
      out.push('');
      continue;
    }
    if (marker.startsWith(other.toLowerCase())) {
      inside = false;
      out.push('');
      continue;
    }
    // Keep line numbers: lines outside the section become blank.
    out.push(inside ? line : '');
  }
  return seen ? out.join('\n') : null;
}

/** Files of the layout under `dir`, in the order the tool would run them (by name). */
export function migrationFiles(dir: string, layout: MigrationLayout): string[] {
  if (layout.kind === 'sql-per-directory') {
    return list(dir)
      .filter((name) => isDirectory(join(dir, name)))
      .map((name) => join(dir, name, layout.file))
      .slice(0, MAX_FILES);
  }
  const recursive = (current: string, depth: number): string[] =>
    list(current).flatMap((name) => {
      const path = join(current, name);
      if (isDirectory(path)) return depth < 3 && !name.startsWith('.') && name !== 'node_modules' ? recursive(path, depth + 1) : [];
      return layout.pattern.test(name) ? [path] : [];
    });
  return recursive(dir, 0).slice(0, MAX_FILES);
}

/**
 * Reads each file and classifies what it runs. `files` may be narrowed by the caller (the last N
 * for a rollback); the dialect says which SQL parser applies.
 */
export async function readMigrations(ctx: Context, files: readonly string[], layout: MigrationLayout, direction: Direction, dialect: SqlDialect): Promise<PendingMigrations> {
  const findings: MigrationFinding[] = [];
  const unverified: string[] = [];
  let risk: Risk = 'read';
  const add = (finding: MigrationFinding) => {
    findings.push(finding);
    risk = maxRisk(risk, finding.risk);
  };
  for (const path of files) {
    const shown = relative(ctx.cwd, path) || path;
    const text = await readText(ctx, path);
    if (text === null) {
      unverified.push(`could not read the migration ${shown}`);
      add({ file: shown, line: 1, risk: 'unknown', summary: `${shown} could not be read`, objects: [] });
      continue;
    }
    if (layout.kind === 'code') {
      const language = typeof layout.language === 'function' ? layout.language(path) : layout.language;
      for (const found of await readCodeMigration(text, language, direction)) {
        if (found.sql !== undefined) {
          for (const sql of await classifyMigrationSql(found.sql, dialect, `${shown}:${found.line}`)) add({ ...sql, file: shown, line: found.line });
        } else add({ file: shown, line: found.line, risk: found.risk, summary: found.summary, objects: found.objects });
      }
      continue;
    }
    let sql: string | null = text;
    if (layout.kind === 'sql-sections') {
      sql = section(text, layout.up, layout.down, direction);
      if (sql === null) {
        add({ file: shown, line: 1, risk: 'unknown', summary: `${shown} has no ${direction === 'up' ? layout.up : layout.down} section`, objects: [] });
        continue;
      }
    }
    for (const found of await classifyMigrationSql(sql, dialect, shown)) add({ ...found, file: shown });
  }
  return { files: files.map((path) => relative(ctx.cwd, path) || path), findings, unverified, risk: files.length === 0 ? 'read' : risk === 'read' ? 'write' : risk };
}
