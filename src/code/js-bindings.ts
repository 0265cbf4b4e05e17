// The JavaScript module's bindings: declarations, destructuring, imports and exports, read before any code runs.
import type { SyntaxNode } from '../parsers/tree-sitter.js';
import { DYNAMIC_MEMBER, unknownValue, type Value } from './model.js';
import type { ModuleFile, ProgramReader } from './program.js';
import { Scope, type Frame } from './scope.js';
import { decodeJsString } from './strings.js';

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx', '.jsx'];

/**
 * What a module binds, flat over the whole file (a name bound twice is unknown: see Scope); the
 * evaluator (javascript.ts) extends it with how expressions compute values.
 */
export abstract class JsBindings {
  readonly scope = new Scope();
  protected readonly imports = new Map<string, Value>();
  protected readonly exported = new Map<string, SyntaxNode | string>();
  protected readonly calledByName = new Set<string>();

  constructor(
    protected readonly program: ProgramReader,
    protected readonly file: ModuleFile,
    protected readonly root: SyntaxNode,
  ) {
    this.collect(root);
  }

  abstract evaluate(node: SyntaxNode, frame: Frame): Value;
  abstract member(base: Value, key: string, node: SyntaxNode | null): Value;

  /** Bindings of the whole file, flat: a name bound twice is unknown (see Scope). */
  private collect(root: SyntaxNode): void {
    const stack: SyntaxNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop() as SyntaxNode;
      switch (node.type) {
        case 'variable_declarator': {
          const name = node.childForFieldName('name');
          const value = node.childForFieldName('value');
          if (name) this.bindPattern(name, value ? { node: value } : { value: { kind: 'null' } });
          break;
        }
        case 'function_declaration':
        case 'generator_function_declaration': {
          const name = node.childForFieldName('name');
          if (name) this.scope.bind(name.text, { node });
          break;
        }
        case 'class_declaration': {
          const name = node.childForFieldName('name');
          if (name) this.scope.bind(name.text, { value: unknownValue(`${name.text} is a class`) });
          break;
        }
        case 'assignment_expression': {
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          if (left?.type === 'identifier') this.scope.bind(left.text, right ? { node: right } : { value: unknownValue('an assignment') });
          else if (left && right && isExportsTarget(left)) this.exported.set(exportName(left), right);
          break;
        }
        case 'for_in_statement': {
          const left = node.childForFieldName('left');
          if (left) this.bindPattern(left, { value: unknownValue('a loop variable') });
          break;
        }
        case 'catch_clause': {
          const parameter = node.childForFieldName('parameter');
          if (parameter) this.bindPattern(parameter, { value: unknownValue('a caught error') });
          break;
        }
        case 'export_statement':
          this.collectExport(node);
          break;
        case 'call_expression': {
          const callee = node.childForFieldName('function');
          if (callee?.type === 'identifier') this.calledByName.add(callee.text);
          break;
        }
      }
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
  }

  private bindPattern(pattern: SyntaxNode, source: { node: SyntaxNode } | { value: Value }, path: readonly string[] = []): void {
    switch (pattern.type) {
      case 'identifier':
        this.scope.bind(pattern.text, path.length === 0 ? source : { derive: (frame) => this.memberPath(this.sourceValue(source, frame), path) });
        return;
      case 'object_pattern':
        for (const property of pattern.namedChildren) {
          if (!property) continue;
          if (property.type === 'shorthand_property_identifier_pattern') this.scope.bind(property.text, { derive: (frame) => this.memberPath(this.sourceValue(source, frame), [...path, property.text]) });
          else if (property.type === 'pair_pattern') {
            const key = property.childForFieldName('key');
            const value = property.childForFieldName('value');
            if (key && value) this.bindPattern(value, source, [...path, key.type === 'string' ? decodeJsString(key).text ?? DYNAMIC_MEMBER : key.text]);
          } else if (property.type === 'object_assignment_pattern') {
            const left = property.childForFieldName('left');
            if (left) this.scope.bind(left.text, { value: unknownValue(`${left.text} has a default value`) });
          } else this.bindNames(property, 'it is bound by a rest pattern');
        }
        return;
      case 'assignment_pattern': {
        const left = pattern.childForFieldName('left');
        if (left) this.bindNames(left, 'it has a default value');
        return;
      }
      default:
        this.bindNames(pattern, `it is bound by ${pattern.type.replace(/_/g, ' ')}`);
    }
  }

  private bindNames(pattern: SyntaxNode, why: string): void {
    if (pattern.type === 'identifier' || pattern.type === 'shorthand_property_identifier_pattern') {
      this.scope.bind(pattern.text, { value: unknownValue(`${pattern.text}: ${why}`) });
      return;
    }
    for (const child of pattern.namedChildren) if (child) this.bindNames(child, why);
  }

  private sourceValue(source: { node: SyntaxNode } | { value: Value }, frame: Frame): Value {
    return 'node' in source ? this.evaluate(source.node, frame) : source.value;
  }

  private memberPath(value: Value, path: readonly string[]): Value {
    let current = value;
    for (const key of path) current = this.member(current, key, null);
    return current;
  }

  private collectExport(node: SyntaxNode): void {
    const declaration = node.childForFieldName('declaration');
    const value = node.childForFieldName('value');
    if (value) this.exported.set('default', value);
    if (declaration) {
      const isDefault = node.children.some((child) => child?.type === 'default');
      const name = declaration.childForFieldName('name');
      if (isDefault) this.exported.set('default', declaration);
      if (name && declaration.type !== 'lexical_declaration') this.exported.set(name.text, name.text);
      for (const declarator of declaration.namedChildren) {
        const bound = declarator?.type === 'variable_declarator' ? declarator.childForFieldName('name') : null;
        if (bound?.type === 'identifier') this.exported.set(bound.text, bound.text);
      }
    }
    const clause = node.namedChildren.find((child) => child?.type === 'export_clause');
    for (const specifier of clause?.namedChildren ?? []) {
      const name = specifier?.childForFieldName('name');
      const alias = specifier?.childForFieldName('alias');
      if (name) this.exported.set((alias ?? name).text, name.text);
    }
  }

  /** Static imports and literal `require`s of local files are read before the code runs. */
  async loadImports(): Promise<void> {
    const stack: SyntaxNode[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop() as SyntaxNode;
      let specifier: SyntaxNode | null | undefined = null;
      if (node.type === 'import_statement' || (node.type === 'export_statement' && node.childForFieldName('source'))) specifier = node.childForFieldName('source');
      else if (node.type === 'call_expression' && ['require', 'import'].includes(node.childForFieldName('function')?.text ?? '')) specifier = node.childForFieldName('arguments')?.namedChild(0);
      if (specifier?.type === 'string') {
        const text = decodeJsString(specifier).text;
        if (text !== null && !this.imports.has(text)) this.imports.set(text, await this.moduleValue(text, specifier));
      }
      if (node.type === 'import_statement') this.bindImport(node);
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
  }

  private async moduleValue(specifier: string, node: SyntaxNode): Promise<Value> {
    if (!specifier.startsWith('.') && !specifier.startsWith('/')) return { kind: 'api', path: [specifier.startsWith('node:') ? specifier.slice(5) : specifier] };
    const path = this.program.resolveLocal(this.file.path, specifier, EXTENSIONS);
    // Data and compiled addons run no code guard could read: opaque values, not problems.
    if (path === 'json') return unknownValue(`data read from ${specifier}`);
    if (path === 'native') return { kind: 'api', path: [specifier] };
    if (!path) {
      this.program.problem(this.file.shown, node, `guard cannot find the local module ${specifier}`);
      return unknownValue(`the local module ${specifier} cannot be found`);
    }
    const { languageOfFile } = await import('./program.js');
    return this.program.loadModule(path, languageOfFile(path) ?? 'javascript', this.file.depth + 1, { file: this.file.shown, node });
  }

  private bindImport(node: SyntaxNode): void {
    const source = node.childForFieldName('source');
    const specifier = source ? decodeJsString(source).text : null;
    const module = (): Value => (specifier !== null ? this.imports.get(specifier) ?? unknownValue(`the module ${specifier}`) : unknownValue('a dynamic import'));
    const local = specifier !== null && (specifier.startsWith('.') || specifier.startsWith('/'));
    const clause = node.namedChildren.find((child) => child?.type === 'import_clause');
    for (const part of clause?.namedChildren ?? []) {
      if (!part) continue;
      if (part.type === 'identifier') this.scope.bind(part.text, { derive: () => (local ? this.member(module(), 'default', null) : module()) });
      else if (part.type === 'namespace_import') {
        const name = part.namedChildren.find((child) => child?.type === 'identifier');
        if (name) this.scope.bind(name.text, { derive: () => module() });
      } else if (part.type === 'named_imports') {
        for (const specifierNode of part.namedChildren) {
          const name = specifierNode?.childForFieldName('name');
          const alias = specifierNode?.childForFieldName('alias');
          if (name) this.scope.bind((alias ?? name).text, { derive: () => this.member(module(), name.text, null) });
        }
      }
    }
  }
}
/** `module.exports = …` (the whole module) or `module.exports.x = …` / `exports.x = …`. */
function isExportsTarget(left: SyntaxNode): boolean {
  const text = left.text;
  return text === 'module.exports' || text.startsWith('module.exports.') || text.startsWith('exports.');
}

function exportName(left: SyntaxNode): string {
  const text = left.text;
  if (text === 'module.exports') return '*module';
  return text.slice(text.lastIndexOf('.') + 1);
}
