// The Vercel family: the vercel CLI.
import type { AnyTool } from '../tool.js';
import { vercelTool } from './vercel-tool.js';

export const vercelTools: readonly AnyTool[] = [vercelTool];
