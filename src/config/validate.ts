// Checks a parsed JSON value against the schema subset guard uses; reports the first problem's path.
import type { SchemaNode } from './schema.js';

export interface SchemaProblem {
  readonly path: string; // `policy.rules.psql/drop-table`
  readonly message: string;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

export function validate(value: unknown, schema: SchemaNode, path = ''): SchemaProblem | null {
  const actual = typeName(value);
  if (schema.type !== actual) {
    return { path, message: `expected ${schema.type}, found ${actual}` };
  }
  if (schema.type === 'string') {
    const text = value as string;
    if (schema.enum && !schema.enum.includes(text)) {
      return { path, message: `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, found ${JSON.stringify(text)}` };
    }
    if (schema.minLength !== undefined && text.length < schema.minLength) return { path, message: 'must not be empty' };
  }
  if (schema.type === 'integer') {
    const n = value as number;
    if (schema.minimum !== undefined && n < schema.minimum) return { path, message: `must be at least ${schema.minimum}` };
    if (schema.maximum !== undefined && n > schema.maximum) return { path, message: `must be at most ${schema.maximum}` };
  }
  if (schema.type === 'array' && schema.items) {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      const problem = validate(items[i], schema.items, join(path, i));
      if (problem) return problem;
    }
  }
  if (schema.type === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const known = schema.properties?.[key];
      const childSchema = known ?? (schema.additionalProperties === false ? undefined : schema.additionalProperties);
      if (!childSchema) {
        const allowed = Object.keys(schema.properties ?? {}).join(', ');
        return { path: join(path, key), message: `unknown key${allowed ? ` (allowed: ${allowed})` : ''}` };
      }
      const problem = validate(child, childSchema, join(path, key));
      if (problem) return problem;
    }
  }
  return null;
}
