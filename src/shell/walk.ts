// Walks a parsed shell text statement by statement: lists, pipelines, compound commands, redirects, state.
import type { LineCommand, LinePayload, LineWrite } from './model.js';
import { clip, expandWord, type Word } from './expand.js';
import { parseShell, type SyntaxNode } from './parser.js';
import { outputOf, stdinOfRedirect, writeOfRedirect } from './payloads.js';
import { exportedEnvironment, scopeOf, ShellState, type Frame, type Invocation, type Origin, type Surroundings } from './state.js';
import { dispatch } from './dispatch.js';
import { assign, assignedValue, declare } from './assignments.js';
import { argumentsAfterRedirect, expandsBody, onlyLineContinuations } from './syntax.js';
import { monotonicMs } from '../core/clock.js';

export class BudgetExceeded extends Error {}
export class TooDeep extends Error {}

/** Syntax nesting beyond this (`$($($(…` thousands deep) is refused rather than followed. */
const MAX_NESTING = 200;
/** A `for` loop over at most this many static words is walked once per word. */
const MAX_LOOP_VALUES = 16;

export interface WalkerOptions extends Surroundings {
  readonly deadline: number;
  readonly maxDepth: number;
  readonly maxBytes: number;
  /** Files are named relative to this directory in `from` (the line's cwd). */
  readonly cwdForDisplay: string;
  /** Reads a file guard may scan (absolute path). */
  readFile(path: string): Promise<Buffer | string>;
}

export type ReadOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly why: string };

export class Walker {
  readonly commands: LineCommand[] = [];
  readonly problems: string[] = [];
  readonly writes: LineWrite[] = [];
  private readonly releases: (() => void)[] = [];

  constructor(readonly options: WalkerOptions) {}

  check(): void {
    if (monotonicMs() > this.options.deadline) throw new BudgetExceeded('analysing the line took longer than the time budget');
  }

  /** Frees every parsed tree (their nodes are read until the analysis ends). */
  release(): void {
    for (const release of this.releases.splice(0)) release();
  }

  /** Parses and walks a text; returns why it does not parse, or null. */
  async walkText(text: string, state: ShellState, frame: Frame, stdin: LinePayload | undefined): Promise<string | null> {
    this.check();
    if (Buffer.byteLength(text) > this.options.maxBytes) return `the shell text is larger than ${this.options.maxBytes} bytes`;
    const parsed = parseShell(text, this.options.deadline);
    if (!parsed.ok) {
      if (monotonicMs() > this.options.deadline) throw new BudgetExceeded(parsed.problem);
      return parsed.problem;
    }
    this.releases.push(parsed.release);
    await this.statements(parsed.root, state, frame, stdin, 0);
    return null;
  }

  /** Reads a file within the size limit and the time budget. */
  async readText(path: string): Promise<ReadOutcome> {
    this.check();
    const remaining = Math.max(0, this.options.deadline - monotonicMs());
    let timer: NodeJS.Timeout | undefined;
    try {
      const content = await Promise.race([
        this.options.readFile(path),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('reading it took longer than the time budget')), remaining);
        }),
      ]);
      const text = typeof content === 'string' ? content : content.toString('utf8');
      if (Buffer.byteLength(text) > this.options.maxBytes) return { ok: false, why: `${path} is larger than ${this.options.maxBytes} bytes` };
      return { ok: true, text };
    } catch (error) {
      return { ok: false, why: `guard cannot read ${path}: ${(error as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
  }

  originOf(node: SyntaxNode, frame: Frame): Origin {
    if (frame.anchor) return { ...frame.anchor, text: clip(node.text, 200) };
    return { line: node.startPosition.row + 1, column: node.startPosition.column + 1, text: clip(node.text, 200) };
  }

  fromOf(node: SyntaxNode, frame: Frame): string | undefined {
    if (frame.file) return `${frame.file}:${node.startPosition.row + 1}`;
    return frame.fromFixed ?? undefined;
  }

  async statements(node: SyntaxNode, state: ShellState, frame: Frame, stdin: LinePayload | undefined, nesting: number): Promise<LinePayload> {
    let output: LinePayload = { kind: 'text', text: '' };
    for (const child of node.namedChildren) if (child) output = await this.statement(child, state, frame, stdin, nesting + 1);
    return output;
  }

  /** Walks one statement; returns what it writes to stdout when guard can tell. */
  async statement(node: SyntaxNode, state: ShellState, frame: Frame, stdin: LinePayload | undefined, nesting: number): Promise<LinePayload> {
    this.check();
    if (nesting > MAX_NESTING) throw new TooDeep(`the shell text nests more than ${MAX_NESTING} levels deep`);
    const unseen: LinePayload = { kind: 'unknown', why: `the output of ${clip(node.text)}` };
    switch (node.type) {
      case 'comment':
        return { kind: 'text', text: '' };
      case 'command':
        return this.command(node, [], state, frame, stdin, nesting);
      case 'program':
      case 'compound_statement':
      case 'do_group':
        await this.statements(node, state, frame, stdin, nesting);
        return unseen;
      case 'list':
        for (const child of node.namedChildren) if (child) await this.statement(child, state, frame, stdin, nesting + 1);
        return unseen;
      case 'negated_command':
        for (const child of node.namedChildren) if (child) await this.statement(child, state, frame, stdin, nesting + 1);
        return unseen;
      case 'pipeline':
        return this.pipeline(node.namedChildren.filter((c): c is SyntaxNode => c !== null), state, frame, stdin, nesting);
      case 'subshell':
        await this.statements(node, state.clone(), frame, stdin, nesting);
        return unseen;
      case 'redirected_statement':
        return this.redirected(node, state, frame, stdin, nesting);
      case 'variable_assignment':
        await this.substitutions(node, state, frame, nesting);
        assign(node, state, false, this.options);
        return unseen;
      case 'variable_assignments':
        await this.substitutions(node, state, frame, nesting);
        for (const child of node.namedChildren) if (child?.type === 'variable_assignment') assign(child, state, false, this.options);
        return unseen;
      case 'declaration_command':
        await this.substitutions(node, state, frame, nesting);
        declare(node, state, this.options);
        return unseen;
      case 'unset_command':
        // Unset reads as empty afterwards, wherever the variable came from.
        for (const child of node.namedChildren) if (child && !child.text.startsWith('-')) state.vars.set(child.text, '');
        return unseen;
      case 'function_definition': {
        const name = node.childForFieldName('name');
        const body = node.childForFieldName('body');
        if (name && body) state.functions.set(name.text, { body, file: frame.file, fromFixed: frame.fromFixed });
        return { kind: 'text', text: '' };
      }
      case 'if_statement':
      case 'case_statement':
      case 'while_statement':
      case 'c_style_for_statement':
        await this.branches(node, state, frame, stdin, nesting);
        return unseen;
      case 'for_statement':
        await this.forLoop(node, state, frame, stdin, nesting);
        return unseen;
      default:
        // test commands, arithmetic and the like run nothing themselves, but may hold `$(…)`.
        await this.substitutions(node, state, frame, nesting);
        return unseen;
    }
  }

  private async pipeline(stages: readonly SyntaxNode[], state: ShellState, frame: Frame, stdin: LinePayload | undefined, nesting: number): Promise<LinePayload> {
    let input = stdin;
    let output: LinePayload = { kind: 'text', text: '' };
    for (const stage of stages) {
      // Every stage of a multi-command pipeline runs in its own subshell.
      output = await this.statement(stage, stages.length > 1 ? state.clone() : state, frame, input, nesting + 1);
      input = output;
    }
    return output;
  }

  private async redirected(node: SyntaxNode, state: ShellState, frame: Frame, stdin: LinePayload | undefined, nesting: number): Promise<LinePayload> {
    const body = node.childForFieldName('body');
    const redirects = node.childrenForFieldName('redirect').filter((c): c is SyntaxNode => c !== null);
    // tree-sitter-bash hangs what follows a heredoc (`<<EOF | psql`, `<<EOF && rm x`) inside the redirect.
    const trailing: SyntaxNode[] = [];
    for (const redirect of redirects) {
      if (redirect.type !== 'heredoc_redirect') continue;
      for (const child of redirect.namedChildren) if (child && !['heredoc_start', 'heredoc_body', 'heredoc_end', 'file_descriptor'].includes(child.type)) trailing.push(child);
    }
    let output: LinePayload = { kind: 'unknown', why: `the output of ${clip(node.text)}` };
    if (body?.type === 'command') output = await this.command(body, redirects, state, frame, stdin, nesting);
    else if (body) {
      await this.substitutions(node, state, frame, nesting, body);
      this.recordWrites(redirects, state);
      const redirected = this.stdinOf(redirects, state);
      output = await this.statement(body, state, frame, redirected ?? stdin, nesting + 1);
    }
    for (const next of trailing) {
      if (next.type === 'pipeline') output = await this.pipeline(next.namedChildren.filter((c): c is SyntaxNode => c !== null), state, frame, output, nesting);
      else output = await this.statement(next, state, frame, stdin, nesting + 1);
    }
    return output;
  }

  /** Records the files these redirects write (guard's own state is protected ground). */
  recordWrites(redirects: readonly SyntaxNode[], state: ShellState): void {
    const scope = scopeOf(state, this.options);
    for (const redirect of redirects) {
      const write = writeOfRedirect(redirect, scope, state.cwd);
      if (write) this.writes.push(state.cwdUnknown && write.kind === 'file' ? { kind: 'unknown', why: `${write.origin} in a working directory guard cannot name`, origin: write.origin } : write);
    }
  }

  stdinOf(redirects: readonly SyntaxNode[], state: ShellState): LinePayload | undefined {
    let payload: LinePayload | undefined;
    const scope = scopeOf(state, this.options);
    for (const redirect of redirects) payload = stdinOfRedirect(redirect, scope, state.cwd) ?? payload;
    return payload;
  }

  /** A simple command: its `$(…)` first, then assignments, words and redirects, then what it runs. */
  async command(node: SyntaxNode, extraRedirects: readonly SyntaxNode[], state: ShellState, frame: Frame, stdin: LinePayload | undefined, nesting: number): Promise<LinePayload> {
    await this.substitutions(node, state, frame, nesting);
    for (const redirect of extraRedirects) await this.substitutions(redirect, state, frame, nesting);
    const scope = scopeOf(state, this.options);
    const prefix: Record<string, string> = {};
    const prefixUnknown: string[] = [];
    const wordNodes: SyntaxNode[][] = [];
    const redirects: SyntaxNode[] = [...extraRedirects];
    let previous: SyntaxNode | null = null;
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      const field = node.fieldNameForChild(i);
      if (child.type === 'variable_assignment') {
        const value = assignedValue(child, state, this.options);
        const name = child.childForFieldName('name')?.text ?? '';
        if (value === null) prefixUnknown.push(`${name} is set from ${clip(child.text)}, which guard cannot evaluate`);
        else prefix[name] = value;
        continue;
      }
      if (field === 'redirect') {
        redirects.push(child);
        continue;
      }
      const parts = child.type === 'command_name' ? child.children.filter((c): c is SyntaxNode => c !== null) : [child];
      // Adjacent nodes with no space between them are one word (`$"…"`, `a"b"`).
      // So are nodes separated only by backslash-newlines: bash removes `\\<newline>` before it splits
      // words (`rail\\<newline>way` is `railway`), tree-sitter-bash reads it as a space.
      if (previous && wordNodes.length > 0 && onlyLineContinuations(node, previous.endIndex, child.startIndex)) wordNodes[wordNodes.length - 1]?.push(...parts);
      else wordNodes.push([...parts]);
      previous = child;
    }
    // bash gives a redirect exactly one word; tree-sitter-bash hangs the arguments after it
    // (`railway 2>/dev/null down -y`) on the redirect, and they are the command's arguments.
    for (const redirect of [...redirects].sort((a, b) => a.startIndex - b.startIndex)) wordNodes.push(...argumentsAfterRedirect(redirect));
    const words: Word[] = wordNodes.flatMap((nodes) => expandWord(nodes, scope));
    this.recordWrites(redirects, state);
    const redirected = this.stdinOf(redirects, state);
    if (words.length === 0) {
      // Only assignments: they set shell variables.
      for (const [name, value] of Object.entries(prefix)) state.vars.set(name, value);
      for (const unknown of prefixUnknown) state.vars.set(unknown.slice(0, unknown.indexOf(' ')), null);
      return { kind: 'text', text: '' };
    }
    const exported = exportedEnvironment(state, this.options);
    const invocation: Invocation = {
      env: { ...frame.base.env, ...exported.env, ...prefix },
      envUnknown: [...frame.base.envUnknown, ...exported.unknown, ...prefixUnknown],
      via: frame.base.via,
      unknowns: frame.base.unknowns,
      remote: frame.base.remote,
      ...(frame.base.user !== undefined ? { user: frame.base.user } : {}),
      ...(frame.base.userLogin ? { userLogin: true } : {}),
      stdin: redirected ?? stdin,
      cwd: state.cwd,
      cwdUnknown: state.cwdUnknown,
      skipFunctions: false,
      origin: this.originOf(node, frame),
      from: this.fromOf(node, frame),
    };
    await dispatch(this, words, invocation, state, frame, nesting);
    return outputOf(words, invocation.stdin, state.cwd);
  }

  /** if/case/while: every branch is walked on its own copy of the state, then merged. */
  private async branches(node: SyntaxNode, state: ShellState, frame: Frame, stdin: LinePayload | undefined, nesting: number): Promise<void> {
    const copies: ShellState[] = [];
    const thenCopy = state.clone();
    let thenUsed = false;
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child || !child.isNamed) continue;
      const field = node.fieldNameForChild(i);
      if (field === 'condition' || field === 'value' || field === 'initializer' || field === 'update') {
        // Conditions and the case subject run whichever branch is taken.
        await this.statement(child, state, frame, stdin, nesting + 1);
      } else if (child.type === 'elif_clause' || child.type === 'case_item') {
        const copy = state.clone();
        await this.clause(child, copy, frame, stdin, nesting);
        copies.push(copy);
      } else if (child.type === 'else_clause' || child.type === 'do_group' || child.type === 'compound_statement') {
        const copy = state.clone();
        await this.statements(child, copy, frame, stdin, nesting + 1);
        copies.push(copy);
      } else {
        // The statements after `then` are the if statement's own children.
        await this.statement(child, thenCopy, frame, stdin, nesting + 1);
        thenUsed = true;
      }
    }
    if (thenUsed) copies.push(thenCopy);
    const exhaustive = node.type === 'if_statement' && node.namedChildren.some((child) => child?.type === 'else_clause');
    state.merge(copies, !exhaustive);
  }

  /** `elif cond; then …` and `pattern) …;;`: the condition, then the body. */
  private async clause(node: SyntaxNode, state: ShellState, frame: Frame, stdin: LinePayload | undefined, nesting: number): Promise<void> {
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child || !child.isNamed) continue;
      const field = node.fieldNameForChild(i);
      if (node.type === 'case_item' && field === 'value') continue; // patterns run nothing (but may hold $(…))
      await this.statement(child, state, frame, stdin, nesting + 1);
    }
  }

  private async forLoop(node: SyntaxNode, state: ShellState, frame: Frame, stdin: LinePayload | undefined, nesting: number): Promise<void> {
    const variable = node.childForFieldName('variable')?.text ?? '';
    const values = node.childrenForFieldName('value').filter((c): c is SyntaxNode => c !== null);
    const body = node.childForFieldName('body');
    for (const value of values) await this.substitutions(value, state, frame, nesting);
    const words = values.flatMap((value) => expandWord([value], scopeOf(state, this.options)));
    const known = words.every((word) => word.known && !word.glob) && words.length <= MAX_LOOP_VALUES && values.length > 0;
    const copies: ShellState[] = [];
    for (const word of known ? words : [null]) {
      const copy = state.clone();
      copy.vars.set(variable, word ? word.text : null);
      if (body) await this.statements(body, copy, frame, stdin, nesting + 1);
      copies.push(copy);
    }
    state.merge(copies, true);
  }

  /** Runs every `$(…)`, backquote and `<(…)` inside a node (they are commands too), each in a subshell. */
  async substitutions(node: SyntaxNode, state: ShellState, frame: Frame, nesting: number, skip?: SyntaxNode): Promise<void> {
    const found: SyntaxNode[] = [];
    const backquoted: string[] = [];
    const stack: SyntaxNode[] = [node];
    while (stack.length > 0) {
      const current = stack.pop() as SyntaxNode;
      if (skip && current.id === skip.id) continue;
      if (current.type === 'command_substitution' || current.type === 'process_substitution') {
        found.push(current);
        continue;
      }
      if (current.type === 'heredoc_body' && current.text.includes('`') && expandsBody(current)) backquoted.push(current.text);
      for (let i = current.namedChildCount - 1; i >= 0; i--) {
        const child = current.namedChild(i);
        if (child) stack.push(child);
      }
    }
    for (const substitution of found) await this.statements(substitution, state.clone(), frame, undefined, nesting + 1);
    // tree-sitter-bash leaves `…` in a heredoc body as text; bash runs it. Read the body as the
    // double-quoted string it expands like (a `"` in it is literal there, so it is escaped).
    for (const body of backquoted) {
      const problem = await this.walkText(`: "${body.replace(/(["])/g, '\\$1')}"`, state.clone(), frame, undefined);
      if (problem) this.problems.push(`a heredoc with backquotes guard could not read: ${problem}`);
    }
  }

}
