// Bindings of one module, flat: each name's value is followed lazily, and a name bound twice is unknown.
import { unknownValue, type Value } from './model.js';
import type { SyntaxNode } from '../parsers/tree-sitter.js';

/** Where a value comes from: an expression, a fixed value, or a value derived on demand (destructuring, imports). */
export type Binding = { readonly node: SyntaxNode } | { readonly value: Value } | { readonly derive: (frame: Frame) => Value };

/** One activation: the arguments of a local function call guard follows (id 0 is the module's top level). */
export interface Frame {
  readonly id: number;
  readonly locals: ReadonlyMap<string, Value>;
  readonly depth: number;
}

export class Scope {
  private readonly bindings = new Map<string, Binding[]>();
  private readonly memo = new Map<string, Value>();
  private readonly evaluating = new Set<string>();

  bind(name: string, binding: Binding): void {
    const list = this.bindings.get(name);
    if (list) list.push(binding);
    else this.bindings.set(name, [binding]);
  }

  has(name: string): boolean {
    return this.bindings.has(name);
  }

  /**
   * The value of a name, or null when the module does not bind it. A name with several bindings
   * (reassigned, or declared in two functions) could hold any of them: unknown, never a guess.
   */
  lookup(name: string, frame: Frame, evaluate: (binding: Binding, frame: Frame) => Value): Value | null {
    const list = this.bindings.get(name);
    if (!list) return null;
    if (list.length > 1) return unknownValue(`${name} is assigned in more than one place`);
    const key = `${frame.id}:${name}`;
    const memoised = this.memo.get(key);
    if (memoised) return memoised;
    if (this.evaluating.has(key)) return unknownValue(`${name} is defined in terms of itself`);
    this.evaluating.add(key);
    try {
      const value = evaluate(list[0] as Binding, frame);
      this.memo.set(key, value);
      return value;
    } finally {
      this.evaluating.delete(key);
    }
  }
}
