// Walks everything the mysql client will execute: -e text, stdin, source files, --init-command.
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { ObjectRef } from '../../core/types.js';
import type { ClientRuleKey, SqlRuleKey } from './rules.js';
import { lexClientScript } from './script.js';
import { classifyMysqlStatement, type MysqlSqlFinding, type RoutineCall } from './sql.js';

export interface ClientFinding {
  readonly rule: ClientRuleKey;
  readonly summary: string;
  readonly objects: readonly ObjectRef[];
  readonly statement: string;
  /** `-e`, `stdin`, `cleanup.sql:3`, `--init-command`. */
  readonly origin: string;
  /** Stored routines the statement calls, and its rule if they only read (see MysqlSqlFinding). */
  readonly routines?: readonly RoutineCall[];
  readonly ruleWithoutRoutines?: SqlRuleKey;
  readonly rowCount?: MysqlSqlFinding['rowCount'];
}

export interface ClientInput {
  readonly origin: string;
  readonly text: string;
}

export interface ClientAnalysis {
  readonly findings: readonly ClientFinding[];
  readonly statementCount: number;
}

export interface AnalyseIo {
  readonly cwd: string;
  readFile(path: string): Promise<Buffer>;
  fileExists(path: string): boolean;
}

const MAX_SOURCE_DEPTH = 16;
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

interface WalkState {
  readonly findings: ClientFinding[];
  database: string | null;
  delimiter: string;
  statements: number;
  readonly stack: string[];
}

async function walk(input: ClientInput, state: WalkState, io: AnalyseIo): Promise<'continue' | 'quit'> {
  const lexed = lexClientScript(input.text, state.delimiter);
  for (const item of lexed.items) {
    const origin = `${input.origin}:${item.line}`;
    if (item.kind === 'sql') {
      state.statements++;
      const { finding, use } = await classifyMysqlStatement(item.text, state.database);
      if (use !== null) state.database = use;
      state.findings.push({ ...finding, origin });
      continue;
    }
    const push = (rule: ClientRuleKey, summary: string) => state.findings.push({ rule, summary, objects: [], statement: item.argument, origin });
    switch (item.name) {
      case 'quit':
        return 'quit';
      case 'use':
        state.database = item.argument.split(/\s+/)[0]?.replace(/^`|`$/g, '') || state.database;
        break;
      case 'delimiter':
        state.delimiter = item.argument.split(/\s+/)[0] || state.delimiter;
        break;
      case 'system':
      case 'pager':
      case 'edit':
        push('shell-escape', `${item.name} ${item.argument}`.trim());
        break;
      case 'connect':
      case 'unknown':
        push('client-command', `${item.name === 'unknown' ? '' : 'connect '}${item.argument}`.trim());
        break;
      case 'source': {
        const path = isAbsolute(item.argument) ? item.argument : resolvePath(io.cwd, item.argument);
        if (item.argument === '') push('unreadable-input', 'source without a file name');
        else if (state.stack.includes(path)) push('unreadable-input', `source ${item.argument}: a cycle`);
        else if (state.stack.length >= MAX_SOURCE_DEPTH) push('unreadable-input', `source ${item.argument}: nested too deep`);
        else if (!io.fileExists(path)) push('unreadable-input', `source ${item.argument}: no such file`);
        else {
          let text: string;
          try {
            const bytes = await io.readFile(path);
            if (bytes.length > MAX_INPUT_BYTES) throw new Error('larger than 16 MiB');
            text = bytes.toString('utf8');
          } catch (error) {
            push('unreadable-input', `source ${item.argument}: ${(error as Error).message}`);
            break;
          }
          state.stack.push(path);
          const outcome = await walk({ origin: item.argument, text }, state, io);
          state.stack.pop();
          if (outcome === 'quit') return 'quit';
        }
        break;
      }
      default:
        break;
    }
  }
  state.delimiter = lexed.delimiter;
  return 'continue';
}

/** Each input in the order the client runs them; `database` is the one the connection selects. */
export async function analyseClientInputs(inputs: readonly ClientInput[], database: string | null, io: AnalyseIo): Promise<ClientAnalysis> {
  const state: WalkState = { findings: [], database, delimiter: ';', statements: 0, stack: [] };
  for (const input of inputs) {
    if (input.text.length > MAX_INPUT_BYTES) {
      state.findings.push({ rule: 'unparseable', summary: `${input.origin}: input larger than 16 MiB`, objects: [], statement: '', origin: input.origin });
      continue;
    }
    if ((await walk(input, state, io)) === 'quit') break;
  }
  return { findings: state.findings, statementCount: state.statements };
}
