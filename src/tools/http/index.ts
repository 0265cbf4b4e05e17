// The raw HTTP clients: curl, wget and httpie (`http`, `https`), each its own catalogue entry.
import type { AnyTool } from '../tool.js';
import { curlTool } from './curl-tool.js';
import { httpieHttpsTool, httpieHttpTool } from './httpie-tool.js';
import { wgetTool } from './wget-tool.js';

export const httpTools: readonly AnyTool[] = [curlTool, httpieHttpTool, httpieHttpsTool, wgetTool];
