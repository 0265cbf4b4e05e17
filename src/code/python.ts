// The Python front end: follows values through bindings and records every library call (subprocess, requests, boto3…).
import type { SyntaxNode } from '../parsers/tree-sitter.js';
import { CALL_RESULT, DYNAMIC_MEMBER, jsonOf, signatureOf, snippetOf, textOf, unknownValue, type CodeCall, type Value } from './model.js';
import type { ModuleFile, ProgramReader } from './program.js';
import type { Frame } from './scope.js';
import { identifiersIn, parameterNames, PyBindings } from './py-bindings.js';
import { envValue } from './js-builtins.js';
import { decodeEscape } from './strings.js';

/** Builtins that evaluate code guard does not follow. */
const DYNAMIC_BUILTINS = new Set(['eval', 'exec', 'compile', '__import__']);

export async function readPythonModule(program: ProgramReader, file: ModuleFile, root: SyntaxNode): Promise<Value> {
  const reader = new PyModule(program, file, root);
  await reader.loadImports();
  reader.run();
  return reader.exportsValue();
}

class PyModule extends PyBindings {
  private frameCount = 0;
  private readonly invocations = new Map<string, Value>();

  run(): void {
    this.walk(this.root, { id: 0, locals: new Map(), depth: 0 });
  }

  private walk(root: SyntaxNode, frame: Frame): void {
    const stack: SyntaxNode[] = [root];
    while (stack.length > 0) {
      if (this.program.outOfTime()) {
        this.program.problem(this.file.shown, root, 'reading the code took longer than the time budget');
        return;
      }
      const node = stack.pop() as SyntaxNode;
      if (node.type === 'call') this.evaluate(node, frame);
      if ((node.type === 'function_definition' || node.type === 'lambda') && node.id !== root.id) {
        const name = node.childForFieldName('name')?.text;
        if (name && this.calledByName.has(name)) continue;
        this.program.defer(`${this.file.path}:${node.startIndex}`, () => {
          const locals = new Map(frame.locals);
          for (const param of parameterNames(node)) locals.set(param, unknownValue(`${param} is a parameter`));
          this.walk(node, { id: ++this.frameCount, locals, depth: frame.depth });
        }, signatureOf([...frame.locals.values()]));
        continue;
      }
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
  }

  private invoke(fn: SyntaxNode, args: readonly Value[], keywords: ReadonlyMap<string, Value>, frame: Frame, at: SyntaxNode): Value {
    const name = fn.childForFieldName('name')?.text ?? 'a lambda';
    if (frame.depth >= 6 || ++this.program.invocations > 2000) {
      // Too deep or too often to follow with arguments: its body is still read once with unknown parameters.
      this.program.defer(`${this.file.path}:${fn.startIndex}:unbound`, () => {
        const locals = new Map(frame.locals);
        for (const param of parameterNames(fn)) locals.set(param, unknownValue(`${param} is a parameter`));
        this.walk(fn, { id: ++this.frameCount, locals, depth: frame.depth });
      });
      return unknownValue(`the result of ${name} (calls nest too deep to follow)`);
    }
    this.program.invoked(`${this.file.path}:${fn.startIndex}`);
    const memoKey = `${fn.startIndex}:${signatureOf([...frame.locals.values()])}:${signatureOf(args)}|${signatureOf([...keywords.entries()].map(([key, value]) => ({ kind: 'object', entries: new Map([[key, value]]), open: null }) as Value))}`;
    const memoised = this.invocations.get(memoKey);
    if (memoised) return memoised;
    this.invocations.set(memoKey, unknownValue(`the result of ${name} (a recursive call)`));
    const result = this.invokeOnce(fn, args, keywords, frame, name);
    this.invocations.set(memoKey, result);
    return result;
  }

  private invokeOnce(fn: SyntaxNode, args: readonly Value[], keywords: ReadonlyMap<string, Value>, frame: Frame, name: string): Value {
    const locals = new Map(frame.locals);
    const params = fn.childForFieldName('parameters')?.namedChildren ?? [];
    let index = 0;
    for (const param of params) {
      if (!param) continue;
      if (param.type === 'identifier') {
        locals.set(param.text, keywords.get(param.text) ?? args[index] ?? unknownValue(`${param.text} is not passed`));
        index++;
      } else if (param.type === 'default_parameter' || param.type === 'typed_default_parameter') {
        const pname = param.childForFieldName('name')?.text ?? '';
        const fallback = param.childForFieldName('value');
        locals.set(pname, keywords.get(pname) ?? args[index] ?? (fallback ? this.evaluate(fallback, frame) : { kind: 'null' }));
        index++;
      } else if (param.type === 'typed_parameter') {
        const pname = param.namedChild(0)?.text ?? '';
        locals.set(pname, keywords.get(pname) ?? args[index] ?? unknownValue(`${pname} is not passed`));
        index++;
      } else for (const bound of identifiersIn(param)) locals.set(bound, unknownValue(`${bound} collects extra arguments`));
    }
    const inner: Frame = { id: ++this.frameCount, locals, depth: frame.depth + 1 };
    const body = fn.childForFieldName('body');
    if (!body) return unknownValue(`the result of ${name}`);
    this.walk(body, inner);
    if (fn.type === 'lambda') return this.evaluate(body, inner);
    const returns = body.namedChildren.filter((child) => child?.type === 'return_statement');
    const only = returns.length === 1 ? returns[0]?.namedChild(0) : null;
    return only ? this.evaluate(only, inner) : unknownValue(`the result of ${name}`);
  }

  private functionValue(node: SyntaxNode, frame: Frame): Value {
    return { kind: 'function', name: node.childForFieldName('name')?.text ?? 'a lambda', invoke: (args, keywords, at) => this.invoke(node, args, keywords, frame, at) };
  }

  private lookup(name: string, frame: Frame): Value {
    const local = frame.locals.get(name);
    if (local) return local;
    const bound = this.scope.lookup(name, frame, (binding, inFrame) => {
      if ('node' in binding) return binding.node.type === 'function_definition' ? this.functionValue(binding.node, inFrame) : this.evaluate(binding.node, inFrame);
      return 'value' in binding ? binding.value : binding.derive(inFrame);
    });
    if (bound) return bound;
    if (DYNAMIC_BUILTINS.has(name) || ['str', 'getattr', 'open'].includes(name)) return { kind: 'api', path: ['builtins', name] };
    if (name === 'None') return { kind: 'null' };
    return unknownValue(`${name} is not defined in ${this.file.shown}`);
  }

  /** `subscript`: `os.environ['X']` reads a variable; `os.environ.get` is a method. */
  protected member(base: Value, key: string, subscript = false): Value {
    if (base.kind === 'api') {
      const path = base.path.join('.');
      if (subscript && path === 'os.environ') return envValue(this.program.source.env, key);
      return { kind: 'api', path: [...base.path, key], ...(base.origin ? { origin: base.origin } : {}) };
    }
    if (base.kind === 'object') return base.entries.get(key) ?? (base.open ? unknownValue(base.open) : unknownValue(`${key} is not in the dictionary`));
    if (base.kind === 'array' && /^[0-9]+$/.test(key)) return base.items[Number(key)] ?? unknownValue('an index past the end');
    if (base.kind === 'unknown') return base;
    return unknownValue(`${key} of a ${base.kind}`);
  }

  evaluate(node: SyntaxNode, frame: Frame): Value {
    switch (node.type) {
      case 'parenthesized_expression':
      case 'await':
      case 'expression_statement':
        return node.namedChild(0) ? this.evaluate(node.namedChild(0) as SyntaxNode, frame) : unknownValue(node.type);
      case 'string':
        return this.string(node, frame);
      case 'concatenated_string': {
        let text = '';
        for (const part of node.namedChildren) {
          const piece = part ? textOf(this.string(part, frame)) : null;
          if (!piece?.ok) return unknownValue(piece ? piece.why : 'a string');
          text += piece.text;
        }
        return { kind: 'string', text };
      }
      case 'integer':
      case 'float':
        return { kind: 'number', value: Number(node.text.replace(/_/g, '')) };
      case 'true':
      case 'false':
        return { kind: 'boolean', value: node.type === 'true' };
      case 'none':
        return { kind: 'null' };
      case 'identifier':
        return this.lookup(node.text, frame);
      case 'attribute': {
        const object = node.childForFieldName('object');
        const attribute = node.childForFieldName('attribute');
        return object && attribute ? this.member(this.evaluate(object, frame), attribute.text) : unknownValue('an attribute');
      }
      case 'subscript': {
        const value = node.childForFieldName('value');
        const index = node.childForFieldName('subscript');
        if (!value || !index) return unknownValue('a subscript');
        const key = textOf(this.evaluate(index, frame));
        return this.member(this.evaluate(value, frame), key.ok ? key.text : DYNAMIC_MEMBER, true);
      }
      case 'call':
        return this.call(node, frame);
      case 'binary_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (node.childForFieldName('operator')?.text !== '+' || !left || !right) return unknownValue(`${snippetOf(node.text)} is computed`);
        const va = this.evaluate(left, frame);
        const vb = this.evaluate(right, frame);
        // List concatenation: `["git", "log"] + args`.
        if (va.kind === 'array' && vb.kind === 'array') return { kind: 'array', items: [...va.items, ...vb.items], open: va.open ?? vb.open };
        const a = textOf(va);
        const b = textOf(vb);
        if (!a.ok) return unknownValue(a.why);
        if (!b.ok) return unknownValue(b.why);
        return { kind: 'string', text: a.text + b.text };
      }
      case 'boolean_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (node.childForFieldName('operator')?.text !== 'or' || !left || !right) return unknownValue(`${snippetOf(node.text)} is computed`);
        const a = this.evaluate(left, frame);
        return a.kind === 'null' || (a.kind === 'string' && a.text === '') ? this.evaluate(right, frame) : a;
      }
      case 'conditional_expression': {
        const [a, , b] = node.namedChildren;
        const ta = a ? textOf(this.evaluate(a, frame)) : null;
        const tb = b ? textOf(this.evaluate(b, frame)) : null;
        return ta?.ok && tb?.ok && ta.text === tb.text ? { kind: 'string', text: ta.text } : unknownValue(`it depends on a condition (${snippetOf(node.text)})`);
      }
      case 'dictionary': {
        const entries = new Map<string, Value>();
        let open: string | null = null;
        for (const pair of node.namedChildren) {
          if (pair?.type === 'pair') {
            const key = pair.childForFieldName('key');
            const value = pair.childForFieldName('value');
            const name = key ? textOf(this.evaluate(key, frame)) : null;
            if (name?.ok && value) entries.set(name.text, this.evaluate(value, frame));
            else open = 'a key guard cannot compute';
          } else if (pair?.type === 'dictionary_splat') {
            const spread = pair.namedChild(0) ? this.evaluate(pair.namedChild(0) as SyntaxNode, frame) : null;
            if (spread?.kind === 'object') for (const [key, value] of spread.entries) entries.set(key, value);
            else open = `it unpacks ${snippetOf(pair.text)}`;
          } else if (pair) open = 'a comprehension';
        }
        return { kind: 'object', entries, open };
      }
      case 'list':
      case 'tuple': {
        const items: Value[] = [];
        let open: string | null = null;
        for (const item of node.namedChildren) {
          if (!item) continue;
          if (item.type === 'list_splat') open = `it unpacks ${snippetOf(item.text)}`;
          else items.push(this.evaluate(item, frame));
        }
        return { kind: 'array', items, open };
      }
      case 'lambda':
        return this.functionValue(node, frame);
      default:
        return unknownValue(`${snippetOf(node.text)} is ${node.type.replace(/_/g, ' ')}`);
    }
  }

  private string(node: SyntaxNode, frame: Frame): Value {
    if (node.type !== 'string') return this.evaluate(node, frame);
    const start = node.namedChildren.find((child) => child?.type === 'string_start')?.text ?? '';
    const raw = /r/i.test(start.replace(/['"]/g, ''));
    let text = '';
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'string_content') text += child.text;
      else if (child.type === 'escape_sequence') {
        const decoded = raw ? child.text : decodeEscape(child.text);
        if (decoded === null) return unknownValue('a string with an escape guard cannot decode');
        text += decoded;
      } else if (child.type === 'escape_interpolation') text += child.text.slice(1);
      else if (child.type === 'interpolation') {
        const expression = child.childForFieldName('expression');
        const value = expression ? textOf(this.evaluate(expression, frame)) : null;
        if (!value?.ok || child.childForFieldName('format_specifier') || child.childForFieldName('type_conversion')) return unknownValue(`{${snippetOf(expression?.text ?? '')}}: ${value && !value.ok ? value.why : 'formatted'}`);
        text += value.text;
      }
    }
    return { kind: 'string', text };
  }

  private call(node: SyntaxNode, frame: Frame): Value {
    const calleeNode = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    if (!calleeNode) return unknownValue('a call');
    const args: Value[] = [];
    const keywords = new Map<string, Value>();
    for (const arg of argsNode?.namedChildren ?? []) {
      if (!arg || arg.type === 'comment') continue;
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name');
        const value = arg.childForFieldName('value');
        if (name && value) keywords.set(name.text, this.evaluate(value, frame));
      } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
        const spread = arg.namedChild(0) ? this.evaluate(arg.namedChild(0) as SyntaxNode, frame) : null;
        if (arg.type === 'dictionary_splat' && spread?.kind === 'object' && !spread.open) for (const [key, value] of spread.entries) keywords.set(key, value);
        else keywords.set('**', unknownValue(`it unpacks ${snippetOf(arg.text)} into the arguments`));
      } else args.push(this.evaluate(arg, frame));
    }
    const callee = this.evaluate(calleeNode, frame);
    if (callee.kind === 'function') return callee.invoke(args, keywords, node);
    if (callee.kind === 'api') {
      const record: CodeCall = { api: callee.path, ...(callee.origin ? { receiver: callee.origin } : {}), args, keywords, constructs: false, tagged: false, file: this.file.shown, line: node.startPosition.row + 1, snippet: snippetOf(node.text) };
      this.program.record(record, `${this.file.path}:${node.startIndex}-${node.endIndex}:${frame.id}`);
      return this.builtin(callee.path, args, keywords, node) ?? { kind: 'api', path: [...callee.path, CALL_RESULT], origin: record };
    }
    if (calleeNode.type === 'attribute') {
      const object = calleeNode.childForFieldName('object');
      const method = calleeNode.childForFieldName('attribute')?.text;
      const receiver = object ? this.evaluate(object, frame) : null;
      if (receiver?.kind === 'string' && method === 'join' && args[0]?.kind === 'array' && !args[0].open) {
        const parts = args[0].items.map(textOf);
        const bad = parts.find((part) => !part.ok);
        return bad && !bad.ok ? unknownValue(bad.why) : { kind: 'string', text: parts.map((part) => (part.ok ? part.text : '')).join(receiver.text) };
      }
      if (receiver?.kind === 'string' && ['strip', 'lower', 'upper'].includes(method ?? '')) return { kind: 'string', text: method === 'strip' ? receiver.text.trim() : method === 'lower' ? receiver.text.toLowerCase() : receiver.text.toUpperCase() };
      if (receiver?.kind === 'object' && method === 'get') {
        const key = args[0] ? textOf(args[0]) : null;
        return key?.ok ? receiver.entries.get(key.text) ?? args[1] ?? { kind: 'null' } : unknownValue('a dictionary entry guard cannot name');
      }
    }
    return unknownValue(`the result of ${snippetOf(node.text)}`);
  }

  private builtin(path: readonly string[], args: readonly Value[], keywords: ReadonlyMap<string, Value>, node: SyntaxNode): Value | null {
    const name = path.join('.');
    const first = args[0];
    if (path[0] === 'builtins' && DYNAMIC_BUILTINS.has(path[1] ?? '')) {
      this.program.problem(this.file.shown, node, `${path[1]}(…) runs code guard does not follow`);
      return unknownValue(`the result of ${path[1]}`);
    }
    if (name === 'builtins.getattr') {
      const attribute = args[1] ? textOf(args[1]) : null;
      return first && attribute?.ok ? this.member(first, attribute.text) : first?.kind === 'api' ? { kind: 'api', path: [...first.path, DYNAMIC_MEMBER] } : unknownValue('getattr with a computed name');
    }
    if (name === 'builtins.str') {
      const text = first ? textOf(first) : ({ ok: true, text: '' } as const);
      return text.ok ? { kind: 'string', text: text.text } : unknownValue(text.why);
    }
    if (name === 'os.environ.get' || name === 'os.getenv') {
      const key = first ? textOf(first) : null;
      if (!key?.ok) return unknownValue('an environment variable whose name is computed');
      const value = envValue(this.program.source.env, key.text);
      return value.kind === 'null' ? args[1] ?? keywords.get('default') ?? value : value;
    }
    if (name === 'json.dumps') {
      const json = first ? jsonOf(first) : null;
      return json?.ok ? { kind: 'string', text: json.text } : unknownValue(`json.dumps of a value guard cannot follow${json && !json.ok ? `: ${json.why}` : ''}`);
    }
    if (name === 'importlib.import_module') {
      const module = first ? textOf(first) : null;
      if (module?.ok) return { kind: 'api', path: module.text.split('.') };
      this.program.problem(this.file.shown, node, 'importlib.import_module of a module guard cannot name');
      return unknownValue('a module loaded by a computed name');
    }
    return null;
  }

  exportsValue(): Value {
    const entries = new Map<string, Value>();
    const top: Frame = { id: 0, locals: new Map(), depth: 0 };
    for (const name of this.topNames) entries.set(name, this.lookup(name, top));
    return { kind: 'object', entries, open: null };
  }
}
