// The script runners: node, python, python3, tsx, ts-node and deno, each reading the program it runs.
import type { AnyTool } from '../tool.js';
import { makeCodeTool } from './code-tool.js';

export const codeTools: readonly AnyTool[] = [
  makeCodeTool('deno', 'Deno: the TypeScript/JavaScript program it runs (deno run, deno eval), read with a real parser'),
  makeCodeTool('node', 'Node.js: the script or -e/-p code it runs, read with a real parser (processes, HTTP, SDKs, drivers)'),
  makeCodeTool('python', 'Python: the script, -c code or local -m module it runs, read with a real parser'),
  makeCodeTool('python3', 'Python 3: the script, -c code or local -m module it runs, read with a real parser'),
  makeCodeTool('ts-node', 'ts-node: the TypeScript script it runs, read with a real parser'),
  makeCodeTool('tsx', 'tsx: the TypeScript script it runs, read with a real parser'),
];
