// The JavaScript/TypeScript front end: follows values through bindings and records every library call.
import type { SyntaxNode } from '../parsers/tree-sitter.js';
import { CALL_RESULT, DYNAMIC_MEMBER, jsonOf, signatureOf, snippetOf, textOf, unknownValue, type CodeCall, type Value } from './model.js';
import type { ModuleFile, ProgramReader } from './program.js';
import type { Frame } from './scope.js';
import { JsBindings } from './js-bindings.js';
import { functionName, namesIn, parameterNames, parameterNodes } from './js-syntax.js';
import { callBuiltin, memberOfApi, stringMethod } from './js-builtins.js';
import { decodeJsString } from './strings.js';

const FUNCTION_TYPES = new Set(['function_declaration', 'generator_function_declaration', 'function_expression', 'function', 'arrow_function', 'generator_function', 'method_definition']);
/** Type-level wrappers TypeScript adds around an expression. */
const TRANSPARENT = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'await_expression']);

/** Globals a script can reach without importing anything; everything else unbound is unknown. */
const GLOBAL_APIS = new Set(['fetch', 'process', 'Bun', 'Deno', 'require', 'eval', 'Function', 'JSON', 'String', 'URL', 'Headers', 'Request', 'encodeURIComponent', 'encodeURI', 'Buffer', 'console', 'Object', 'Array', 'Math', 'Promise', 'setTimeout', 'XMLHttpRequest', 'WebSocket', 'module', 'exports']);

export async function readJavaScriptModule(program: ProgramReader, file: ModuleFile, root: SyntaxNode): Promise<Value> {
  const reader = new JsModule(program, file, root);
  await reader.loadImports();
  reader.run();
  return reader.exportsValue();
}

class JsModule extends JsBindings {
  private frameCount = 0;
  private readonly invocations = new Map<string, Value>();

  /** Walks the whole file: top-level code, and every function nobody calls by name (callbacks, exports). */
  run(): void {
    const top: Frame = { id: 0, locals: new Map(), depth: 0 };
    this.walk(this.root, top);
  }

  private walk(root: SyntaxNode, frame: Frame): void {
    const stack: SyntaxNode[] = [root];
    while (stack.length > 0) {
      if (this.program.outOfTime()) {
        this.program.problem(this.file.shown, root, 'reading the code took longer than the time budget');
        return;
      }
      const node = stack.pop() as SyntaxNode;
      if (node.type === 'call_expression' || node.type === 'new_expression') this.evaluate(node, frame);
      if (FUNCTION_TYPES.has(node.type) && node.id !== root.id) {
        // A named function that is called is analysed at each call with its arguments.
        const name = functionName(node);
        if (name && this.calledByName.has(name)) continue;
        this.program.defer(`${this.file.path}:${node.startIndex}`, () => this.walk(node, this.paramsUnknown(node, frame)), signatureOf([...frame.locals.values()]));
        continue;
      }
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
  }

  private paramsUnknown(fn: SyntaxNode, frame: Frame): Frame {
    const locals = new Map(frame.locals);
    for (const name of parameterNames(fn)) locals.set(name, unknownValue(`${name} is a parameter`));
    return { id: ++this.frameCount, locals, depth: frame.depth };
  }

  /** A local function called with these arguments: its body is walked with them bound. */
  private invoke(fn: SyntaxNode, args: readonly Value[], frame: Frame, at: SyntaxNode): Value {
    const name = functionName(fn) ?? 'a function';
    if (frame.depth >= this.programLimit('maxCallDepth') || ++this.program.invocations > this.programLimit('maxInvocations')) {
      // Too deep or too often to follow with arguments: its body is still read once with unknown parameters.
      this.program.defer(`${this.file.path}:${fn.startIndex}:unbound`, () => this.walk(fn, this.paramsUnknown(fn, frame)));
      return unknownValue(`the result of ${name} (calls nest too deep to follow)`);
    }
    this.program.invoked(`${this.file.path}:${fn.startIndex}`);
    const memoKey = `${fn.startIndex}:${signatureOf([...frame.locals.values()])}:${signatureOf(args)}`;
    const memoised = this.invocations.get(memoKey);
    if (memoised) return memoised;
    this.invocations.set(memoKey, unknownValue(`the result of ${name} (a recursive call)`));
    const result = this.invokeOnce(fn, args, frame, name);
    this.invocations.set(memoKey, result);
    return result;
  }

  private invokeOnce(fn: SyntaxNode, args: readonly Value[], frame: Frame, name: string): Value {
    const locals = new Map(frame.locals);
    const params = parameterNodes(fn);
    params.forEach((param, index) => {
      if (param.type === 'identifier') locals.set(param.text, args[index] ?? { kind: 'null' });
      else if (param.type === 'assignment_pattern') {
        const left = param.childForFieldName('left');
        const right = param.childForFieldName('right');
        if (left?.type === 'identifier') locals.set(left.text, args[index] ?? (right ? this.evaluate(right, frame) : { kind: 'null' }));
      } else for (const bound of namesIn(param)) locals.set(bound, unknownValue(`${bound} is a destructured parameter`));
    });
    const inner: Frame = { id: ++this.frameCount, locals, depth: frame.depth + 1 };
    const body = fn.childForFieldName('body');
    if (!body) return unknownValue(`the result of ${name}`);
    this.walk(body, inner);
    if (body.type !== 'statement_block') return this.evaluate(body, inner);
    const returns = body.namedChildren.filter((child) => child?.type === 'return_statement');
    const only = returns.length === 1 ? returns[0]?.namedChild(0) : null;
    return only ? this.evaluate(only, inner) : unknownValue(`the result of ${name}`);
  }

  private programLimit(key: 'maxCallDepth' | 'maxInvocations'): number {
    return key === 'maxCallDepth' ? 6 : 2000;
  }

  evaluate(node: SyntaxNode, frame: Frame): Value {
    if (TRANSPARENT.has(node.type)) {
      const inner = node.namedChildren.find((child) => child && !child.type.includes('type'));
      return inner ? this.evaluate(inner, frame) : unknownValue(node.type);
    }
    switch (node.type) {
      case 'string': {
        const decoded = decodeJsString(node);
        return decoded.text !== null ? { kind: 'string', text: decoded.text } : unknownValue('a string with an escape guard cannot decode');
      }
      case 'template_string':
        return this.template(node, frame);
      case 'number':
        return { kind: 'number', value: Number(node.text.replace(/_/g, '')) };
      case 'true':
      case 'false':
        return { kind: 'boolean', value: node.type === 'true' };
      case 'null':
      case 'undefined':
        return { kind: 'null' };
      case 'identifier':
        return this.lookup(node.text, frame, node);
      case 'member_expression': {
        const object = node.childForFieldName('object');
        const property = node.childForFieldName('property');
        if (!object || !property) return unknownValue('a member');
        const base = this.evaluate(object, frame);
        return this.member(base, property.type === 'private_property_identifier' ? DYNAMIC_MEMBER : property.text, node);
      }
      case 'subscript_expression': {
        const object = node.childForFieldName('object');
        const index = node.childForFieldName('index');
        if (!object || !index) return unknownValue('a subscript');
        const key = textOf(this.evaluate(index, frame));
        return this.member(this.evaluate(object, frame), key.ok ? key.text : DYNAMIC_MEMBER, node);
      }
      case 'call_expression':
      case 'new_expression':
        return this.call(node, frame);
      case 'binary_expression':
        return this.binary(node, frame);
      case 'ternary_expression': {
        const consequence = node.childForFieldName('consequence');
        const alternative = node.childForFieldName('alternative');
        const a = consequence ? textOf(this.evaluate(consequence, frame)) : null;
        const b = alternative ? textOf(this.evaluate(alternative, frame)) : null;
        return a?.ok && b?.ok && a.text === b.text ? { kind: 'string', text: a.text } : unknownValue(`it depends on a condition (${snippetOf(node.text)})`);
      }
      case 'object':
        return this.object(node, frame);
      case 'array': {
        const items: Value[] = [];
        let open: string | null = null;
        for (const child of node.namedChildren) {
          if (!child) continue;
          if (child.type === 'spread_element') open = 'it spreads values into the array';
          else items.push(this.evaluate(child, frame));
        }
        return { kind: 'array', items, open };
      }
      case 'arrow_function':
      case 'function_expression':
      case 'function':
        return this.functionValue(node, frame);
      case 'sequence_expression':
        return this.evaluate(node.namedChild(node.namedChildCount - 1) ?? node, frame);
      case 'assignment_expression': {
        const right = node.childForFieldName('right');
        return right ? this.evaluate(right, frame) : unknownValue('an assignment');
      }
      default:
        return unknownValue(`${snippetOf(node.text)} is ${node.type.replace(/_/g, ' ')}`);
    }
  }

  private functionValue(node: SyntaxNode, frame: Frame): Value {
    const name = functionName(node) ?? 'a function';
    return { kind: 'function', name, invoke: (args, _keywords, at) => this.invoke(node, args, frame, at) };
  }

  private lookup(name: string, frame: Frame, node: SyntaxNode): Value {
    const local = frame.locals.get(name);
    if (local) return local;
    const bound = this.scope.lookup(name, frame, (binding, inFrame) => {
      if ('node' in binding) {
        const target = binding.node;
        if (target.type === 'function_declaration' || target.type === 'generator_function_declaration') return this.functionValue(target, inFrame);
        return this.evaluate(target, inFrame);
      }
      return 'value' in binding ? binding.value : binding.derive(inFrame);
    });
    if (bound) return bound;
    const hosted = this.program.source.globals?.[name];
    if (hosted) return hosted;
    if (GLOBAL_APIS.has(name)) return { kind: 'api', path: [name] };
    if (['globalThis', 'global', 'window', 'self'].includes(name)) return { kind: 'api', path: ['globalThis'] };
    if (name === 'undefined') return { kind: 'null' };
    return unknownValue(`${name} is not defined in ${this.file.shown}`);
  }

  member(base: Value, key: string, node: SyntaxNode | null): Value {
    if (base.kind === 'api') return memberOfApi(base, key, this.program.source.env, (name) => this.lookup(name, { id: 0, locals: new Map(), depth: 0 }, node ?? this.root));
    if (base.kind === 'object') return base.entries.get(key) ?? (base.open ? unknownValue(base.open) : { kind: 'null' });
    if (base.kind === 'array' && /^[0-9]+$/.test(key)) return base.items[Number(key)] ?? (base.open ? unknownValue(base.open) : { kind: 'null' });
    if (base.kind === 'unknown') return base;
    if (base.kind === 'string' && key === 'length') return { kind: 'number', value: base.text.length };
    return unknownValue(`${key} of ${base.kind === 'string' ? 'a string' : `a ${base.kind}`}`);
  }

  private template(node: SyntaxNode, frame: Frame): Value {
    let text = '';
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'template_substitution') {
        const inner = child.namedChild(0);
        const value = inner ? textOf(this.evaluate(inner, frame)) : ({ ok: false, why: 'an empty substitution' } as const);
        if (!value.ok) return unknownValue(`\${${snippetOf(inner?.text ?? '')}}: ${value.why}`);
        text += value.text;
      } else text += decodeJsString(child).text ?? '';
    }
    return { kind: 'string', text };
  }

  private binary(node: SyntaxNode, frame: Frame): Value {
    const operator = node.childForFieldName('operator')?.text;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return unknownValue('an operation');
    const a = this.evaluate(left, frame);
    if (operator === '||' || operator === '??') return a.kind === 'null' || (operator === '||' && a.kind === 'string' && a.text === '') ? this.evaluate(right, frame) : a.kind === 'unknown' ? a : a;
    if (operator !== '+') return unknownValue(`${snippetOf(node.text)} is computed`);
    const b = this.evaluate(right, frame);
    if (a.kind === 'number' && b.kind === 'number') return { kind: 'number', value: a.value + b.value };
    const at = textOf(a);
    const bt = textOf(b);
    if (!at.ok) return unknownValue(at.why);
    if (!bt.ok) return unknownValue(bt.why);
    return { kind: 'string', text: at.text + bt.text };
  }

  private object(node: SyntaxNode, frame: Frame): Value {
    const entries = new Map<string, Value>();
    let open: string | null = null;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'pair') {
        const key = child.childForFieldName('key');
        const value = child.childForFieldName('value');
        if (!key || !value) continue;
        let name: string | null = key.text;
        if (key.type === 'string') name = decodeJsString(key).text;
        else if (key.type === 'computed_property_name') {
          const computed = key.namedChild(0) ? textOf(this.evaluate(key.namedChild(0) as SyntaxNode, frame)) : null;
          name = computed?.ok ? computed.text : null;
        }
        if (name === null) open = `a key computed by ${snippetOf(key.text)}`;
        else entries.set(name, this.evaluate(value, frame));
      } else if (child.type === 'shorthand_property_identifier') entries.set(child.text, this.lookup(child.text, frame, child));
      else if (child.type === 'spread_element') {
        const spread = child.namedChild(0) ? this.evaluate(child.namedChild(0) as SyntaxNode, frame) : unknownValue('a spread');
        if (spread.kind === 'object') {
          for (const [key, value] of spread.entries) entries.set(key, value);
          open ??= spread.open;
        } else open = `it spreads ${snippetOf(child.text)}`;
      } else if (child.type === 'method_definition') {
        const name = child.childForFieldName('name');
        if (name) entries.set(name.text, this.functionValue(child, frame));
      }
    }
    return { kind: 'object', entries, open };
  }

  /** A call: local functions are followed; library calls are recorded; a few builtins compute values. */
  private call(node: SyntaxNode, frame: Frame): Value {
    const constructs = node.type === 'new_expression';
    const calleeNode = node.childForFieldName(constructs ? 'constructor' : 'function');
    const argsNode = node.childForFieldName('arguments');
    if (!calleeNode) return unknownValue('a call');
    const tagged = argsNode?.type === 'template_string';
    const args: Value[] = [];
    if (tagged && argsNode) args.push(this.taggedTemplate(argsNode, frame));
    else for (const arg of argsNode?.namedChildren ?? []) if (arg && arg.type !== 'comment') args.push(arg.type === 'spread_element' ? unknownValue(`it spreads ${snippetOf(arg.text)} into the arguments`) : this.evaluate(arg, frame));
    if (calleeNode.type === 'import') return this.dynamicImport(args[0], node);
    const callee = this.evaluate(calleeNode, frame);
    if (callee.kind === 'function') return callee.invoke(args, new Map(), node);
    if (callee.kind === 'api') {
      const record: CodeCall = {
        api: callee.path,
        ...(callee.origin ? { receiver: callee.origin } : {}),
        args,
        keywords: new Map(),
        constructs,
        tagged,
        file: this.file.shown,
        line: node.startPosition.row + 1,
        snippet: snippetOf(node.text),
      };
      this.program.record(record, `${this.file.path}:${node.startIndex}-${node.endIndex}:${frame.id}`);
      if (callee.path.length === 1 && (callee.path[0] === 'eval' || callee.path[0] === 'Function')) {
        this.program.problem(this.file.shown, node, `${callee.path[0]}(…) runs code guard does not follow`);
        return unknownValue('the result of eval');
      }
      if (callee.path.length === 1 && callee.path[0] === 'require') return this.requireValue(args[0], node);
      return callBuiltin(callee.path, args, record) ?? { kind: 'api', path: [...callee.path, CALL_RESULT], origin: record };
    }
    const method = calleeNode.type === 'member_expression' ? calleeNode.childForFieldName('property')?.text : undefined;
    const object = calleeNode.type === 'member_expression' ? calleeNode.childForFieldName('object') : null;
    if (method && object) {
      const computed = stringMethod(this.evaluate(object, frame), method, args);
      if (computed) return computed;
    }
    return unknownValue(`the result of ${snippetOf(node.text)}`);
  }

  private taggedTemplate(node: SyntaxNode, frame: Frame): Value {
    // Substitutions are values the tag receives separately (zx quotes them; postgres.js binds them).
    const strings: Value[] = [];
    const values: Value[] = [];
    let current = '';
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'template_substitution') {
        strings.push({ kind: 'string', text: current });
        current = '';
        const inner = child.namedChild(0);
        values.push(inner ? this.evaluate(inner, frame) : unknownValue('an empty substitution'));
      } else current += decodeJsString(child).text ?? '';
    }
    strings.push({ kind: 'string', text: current });
    return { kind: 'object', entries: new Map<string, Value>([['strings', { kind: 'array', items: strings, open: null }], ['values', { kind: 'array', items: values, open: null }]]), open: null };
  }

  private requireValue(specifier: Value | undefined, node: SyntaxNode): Value {
    const text = specifier && specifier.kind !== 'null' ? textOf(specifier) : null;
    if (!text?.ok) {
      this.program.problem(this.file.shown, node, `require(…) of a module guard cannot name (${text ? text.why : 'no argument'})`);
      return unknownValue('a module loaded by a computed name');
    }
    return this.imports.get(text.text) ?? { kind: 'api', path: [text.text.startsWith('node:') ? text.text.slice(5) : text.text] };
  }

  private dynamicImport(specifier: Value | undefined, node: SyntaxNode): Value {
    return this.requireValue(specifier, node);
  }

  exportsValue(): Value {
    const entries = new Map<string, Value>();
    const top: Frame = { id: 0, locals: new Map(), depth: 0 };
    for (const [name, target] of this.exported) {
      if (typeof target === 'string') entries.set(name, this.lookup(target, top, this.root));
      else if (target.type === 'function_declaration' || target.type === 'generator_function_declaration') entries.set(name, this.functionValue(target, top));
      else if (name === '*module') {
        const value = this.evaluate(target, top);
        if (value.kind === 'object') for (const [key, entry] of value.entries) entries.set(key, entry);
        else return value;
      } else entries.set(name, this.evaluate(target, top));
    }
    if (!entries.has('default') && entries.size > 0) entries.set('default', { kind: 'object', entries: new Map(entries), open: null });
    return { kind: 'object', entries, open: null };
  }
}

export { jsonOf };
