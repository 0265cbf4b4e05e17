// The Python module's bindings: assignments, definitions and imports (local modules loaded), read before any code runs.
import { dirname, join } from 'node:path';
import type { SyntaxNode } from '../parsers/tree-sitter.js';
import { unknownValue, type Value } from './model.js';
import type { ModuleFile, ProgramReader } from './program.js';
import { Scope } from './scope.js';

/**
 * What a module binds, flat over the whole file (a name bound twice is unknown: see Scope); the
 * evaluator (python.ts) extends it with how expressions compute values.
 */
export abstract class PyBindings {
  protected readonly scope = new Scope();
  protected readonly topNames = new Set<string>();
  protected readonly calledByName = new Set<string>();
  private readonly localModules = new Map<string, Value>();

  constructor(
    protected readonly program: ProgramReader,
    protected readonly file: ModuleFile,
    protected readonly root: SyntaxNode,
  ) {
    this.collect();
  }

  protected abstract member(base: Value, key: string, subscript?: boolean): Value;

  private collect(): void {
    const stack: SyntaxNode[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop() as SyntaxNode;
      // Nodes are fresh objects on each access: compare them by id.
      const top = node.parent?.id === this.root.id || node.parent?.parent?.id === this.root.id;
      switch (node.type) {
        case 'assignment': {
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          if (left?.type === 'identifier') {
            this.scope.bind(left.text, right ? { node: right } : { value: unknownValue(`${left.text} is only annotated`) });
            if (top) this.topNames.add(left.text);
          } else if (left) for (const name of identifiersIn(left)) this.scope.bind(name, { value: unknownValue(`${name} is unpacked from a value`) });
          break;
        }
        case 'augmented_assignment': {
          const left = node.childForFieldName('left');
          if (left?.type === 'identifier') this.scope.bind(left.text, { value: unknownValue(`${left.text} is changed in place`) });
          break;
        }
        case 'for_statement':
        case 'for_in_clause': {
          const left = node.childForFieldName('left');
          if (left) for (const name of identifiersIn(left)) this.scope.bind(name, { value: unknownValue(`${name} is a loop variable`) });
          break;
        }
        case 'as_pattern': {
          const alias = node.childForFieldName('alias');
          const value = node.namedChild(0);
          const names = alias ? identifiersIn(alias) : [];
          if (names.length === 1 && value && node.parent?.type === 'with_item') this.scope.bind(names[0] as string, { node: value });
          else for (const name of names) this.scope.bind(name, { value: unknownValue(`${name} is bound by an except or match clause`) });
          break;
        }
        case 'function_definition': {
          const name = node.childForFieldName('name');
          if (name) {
            this.scope.bind(name.text, { node });
            if (top || node.parent?.type === 'decorated_definition') this.topNames.add(name.text);
          }
          break;
        }
        case 'class_definition': {
          const name = node.childForFieldName('name');
          if (name) this.scope.bind(name.text, { value: unknownValue(`${name.text} is a class`) });
          break;
        }
        case 'call': {
          const callee = node.childForFieldName('function');
          if (callee?.type === 'identifier') this.calledByName.add(callee.text);
          break;
        }
        case 'import_statement':
        case 'import_from_statement':
          this.bindImport(node);
          break;
      }
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
  }

  private bindImport(node: SyntaxNode): void {
    if (node.type === 'import_statement') {
      for (const name of node.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'aliased_import') {
          const dotted = name.childForFieldName('name');
          const alias = name.childForFieldName('alias');
          if (dotted && alias) this.scope.bind(alias.text, { derive: () => this.moduleAt(node, dotted.text.split('.'), 0) });
        } else {
          const parts = name.text.split('.');
          this.scope.bind(parts[0] as string, { derive: () => this.moduleAt(node, [parts[0] as string], 0) });
        }
      }
      return;
    }
    const moduleNode = node.childForFieldName('module_name');
    const moduleText = moduleNode?.text ?? '';
    const level = moduleText.length - moduleText.replace(/^\.+/, '').length;
    const parts = moduleText.replace(/^\.+/, '').split('.').filter((part) => part !== '');
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      const imported = name.type === 'aliased_import' ? name.childForFieldName('name')?.text ?? '' : name.text;
      const bound = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text ?? imported : imported;
      this.scope.bind(bound, { derive: () => this.member(this.moduleAt(node, parts, level, imported), imported) });
    }
    // `from x import *`: names guard does not list stay unbound, so their values are unknown where they matter.
  }

  /** Local modules: relative imports, and modules beside the script (Python puts its directory first on sys.path). */
  async loadImports(): Promise<void> {
    const stack: SyntaxNode[] = [this.root];
    while (stack.length > 0) {
      const node = stack.pop() as SyntaxNode;
      if (node.type === 'import_statement' || node.type === 'import_from_statement') {
        const specs: { parts: string[]; level: number }[] = [];
        if (node.type === 'import_from_statement') {
          const text = node.childForFieldName('module_name')?.text ?? '';
          const level = text.length - text.replace(/^\.+/, '').length;
          const parts = text.replace(/^\.+/, '').split('.').filter((part) => part !== '');
          specs.push({ parts, level });
          // `from . import helpers`: the name may itself be a module.
          for (const name of node.childrenForFieldName('name')) {
            const imported = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
            if (imported) specs.push({ parts: [...parts, ...imported.split('.')], level });
          }
        } else {
          for (const name of node.childrenForFieldName('name')) {
            const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
            if (dotted) specs.push({ parts: dotted.split('.'), level: 0 });
          }
        }
        for (const spec of specs) {
          const path = this.localPath(spec.parts, spec.level);
          if (path) this.localModules.set(`${node.id}:${spec.parts.join('.')}:${spec.level}`, await this.program.loadModule(path, 'python', this.file.depth + 1, { file: this.file.shown, node }));
          else if (spec.level > 0 && spec === specs[0]) this.program.problem(this.file.shown, node, `guard cannot find the local module ${'.'.repeat(spec.level)}${spec.parts.join('.')}`);
        }
      }
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i);
        if (child) stack.push(child);
      }
    }
  }

  private localPath(parts: readonly string[], level: number): string | null {
    let dir = dirname(this.file.path);
    for (let i = 1; i < level; i++) dir = dirname(dir);
    if (parts.length === 0) {
      const init = join(dir, '__init__.py');
      return level > 0 && this.program.source.fileExists(init) ? init : null;
    }
    const base = join(dir, ...parts);
    for (const candidate of [`${base}.py`, join(base, '__init__.py')]) if (this.program.source.fileExists(candidate)) return candidate;
    return null;
  }

  private moduleAt(node: SyntaxNode, parts: readonly string[], level: number, imported?: string): Value {
    if (imported !== undefined) {
      const asModule = this.localModules.get(`${node.id}:${[...parts, ...imported.split('.')].join('.')}:${level}`);
      if (asModule) return { kind: 'object', entries: new Map([[imported, asModule]]), open: null };
    }
    const local = this.localModules.get(`${node.id}:${parts.join('.')}:${level}`);
    if (local) return local;
    if (level > 0) return unknownValue(`the local module ${'.'.repeat(level)}${parts.join('.')}`);
    return { kind: 'api', path: parts };
  }
}

export function parameterNames(fn: SyntaxNode): string[] {
  const params = fn.childForFieldName('parameters');
  return params ? identifiersIn(params) : [];
}

export function identifiersIn(node: SyntaxNode): string[] {
  if (node.type === 'identifier') return [node.text];
  const out: string[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    // A default value or annotation is not a name being bound.
    if (node.type === 'default_parameter' && child.id === node.childForFieldName('value')?.id) continue;
    if (child.type === 'type') continue;
    out.push(...identifiersIn(child));
  }
  return out;
}
