// Small readings of JavaScript syntax the front end shares: a function's name and its parameters.
import type { SyntaxNode } from '../parsers/tree-sitter.js';

export function functionName(node: SyntaxNode): string | null {
  const name = node.childForFieldName('name');
  if (name) return name.text;
  // `const gql = async (q) => …`: the binding names it.
  const parent = node.parent;
  if (parent?.type === 'variable_declarator') return parent.childForFieldName('name')?.text ?? null;
  return null;
}

export function parameterNodes(fn: SyntaxNode): SyntaxNode[] {
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  if (!params) return [];
  if (params.type === 'identifier') return [params];
  return params.namedChildren.flatMap((child) => {
    if (!child) return [];
    // TypeScript wraps each parameter: required_parameter / optional_parameter with a pattern.
    if (child.type === 'required_parameter' || child.type === 'optional_parameter') {
      const pattern = child.childForFieldName('pattern');
      return pattern ? [pattern] : [];
    }
    return [child];
  });
}

export function parameterNames(fn: SyntaxNode): string[] {
  return parameterNodes(fn).flatMap((param) => namesIn(param));
}

export function namesIn(pattern: SyntaxNode): string[] {
  if (pattern.type === 'identifier' || pattern.type === 'shorthand_property_identifier_pattern') return [pattern.text];
  return pattern.namedChildren.flatMap((child) => (child && child.type !== 'property_identifier' ? namesIn(child) : []));
}
