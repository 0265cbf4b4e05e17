// The script runners' page in docs/tools/: what code guard reads, how values are followed, and the bounds.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Code the agent writes: node, python, python3, tsx, ts-node, deno (and bun)',
  resolution: [
    'The program text is what the runner would run: the script operand, `-e`/`-p`/`--eval` (node), `-c` (python), `deno eval`, `python -m` of a module in the working directory, or stdin (a heredoc or pipe). `bun x.ts`, `npx tsx`, `uv run python`, `poetry run python` and `npm run` scripts reach the same tools through the shell engine.',
    'It is parsed with tree-sitter (JavaScript, TypeScript, TSX, Python); local imports are followed (a directory\'s package.json `main`, index files, modules beside a Python script).',
    'Values are followed through literals, constants, template strings and f-strings, concatenation, `process.env.X` / `os.environ[...]` (the environment guard sees), aliases (`const f = fetch`) and local functions called with their arguments.',
    'Each call is classified by the family that owns it: processes through the shell engine and the argv pipeline, Railway GraphQL through the Railway classifier (other hosts by method), AWS SDK v3 and boto3 through the aws operation table, SQL in pg/postgres.js/psycopg/asyncpg/SQLAlchemy through the Postgres parser, MongoDB drivers like mongosh, redis and Prisma by method.',
    'The environment is the owning family\'s: a Railway request is resolved like the railway CLI\'s (link file, token); a command the script runs like that command; a database or AWS account a script connects to is unresolved (protected).',
  ],
  liveLookups: ['The owning family\'s look-ups, unchanged (Railway volumes, Postgres rows…); the code itself is only read, never run.'],
  notes: [
    'Bounds: 1 MiB a file, imports 8 levels deep, 64 files, 3 s a program; over them the program is unknown.',
    'eval, new Function, exec, a computed require/import or member of child_process/subprocess, and commands or URLs built from values guard cannot follow are unknown.',
    'MySQL drivers in code are unknown for now: guard does not yet read the SQL they send.',
    'Shims and shell functions do not wrap the runners (they run guard itself); the hook, the prefix and guard scan read what they run.',
  ],
};
