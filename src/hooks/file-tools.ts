// The files an agent's own tools (Write, Edit, apply_patch, write_file…) touch, read from their input.

/*
 * Sources (checked 2026-12-01): Claude Code tools reference (Write/Edit/MultiEdit {file_path},
 * NotebookEdit {notebook_path}, Read {file_path}); Gemini CLI docs/tools/file-system.md
 * (write_file/replace {file_path}, read_file {absolute_path|file_path}); Codex apply_patch (the
 * patch text's "*** Add File: / Update File: / Delete File: / Move to:" headers); Copilot's
 * edit/create {path}.
 */

/** Input fields that name a file or directory the tool works on. */
const PATH_FIELDS = ['file_path', 'filePath', 'notebook_path', 'absolute_path', 'path', 'paths', 'filename', 'target_file', 'dir_path', 'directory'];

/** Tools that only read (for these only guard's key is off limits). */
const READING_TOOLS = new Set(['Read', 'Glob', 'Grep', 'LS', 'NotebookRead', 'WebFetch', 'WebSearch', 'read_file', 'read_many_files', 'list_directory', 'glob', 'search_file_content', 'view', 'grep', 'ls', 'read']);

export interface FileToolUse {
  readonly paths: readonly string[];
  readonly readsOnly: boolean;
}

/** The headers of a Codex-style patch: every file it adds, updates, deletes or moves to. */
export function patchPaths(patch: string): string[] {
  const out: string[] = [];
  for (const line of patch.split('\n')) {
    for (const header of ['*** Add File: ', '*** Update File: ', '*** Delete File: ', '*** Move to: ']) {
      if (line.startsWith(header)) out.push(line.slice(header.length).trim());
    }
  }
  return out;
}

export function fileToolUse(tool: string, input: unknown): FileToolUse {
  const paths: string[] = [];
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    const record = input as Record<string, unknown>;
    for (const field of PATH_FIELDS) {
      const value = record[field];
      if (typeof value === 'string' && value.length > 0) paths.push(value);
      if (Array.isArray(value)) paths.push(...value.filter((v): v is string => typeof v === 'string' && v.length > 0));
    }
    for (const field of ['patch', 'input']) {
      const value = record[field];
      if (typeof value === 'string' && value.includes('*** Begin Patch')) paths.push(...patchPaths(value));
    }
  } else if (typeof input === 'string' && input.includes('*** Begin Patch')) paths.push(...patchPaths(input));
  return { paths, readsOnly: READING_TOOLS.has(tool) };
}
