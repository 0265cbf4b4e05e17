// The MongoDB Shell family: mongosh.
import type { AnyTool } from '../tool.js';
import { mongoshTool } from './mongosh-tool.js';

export const mongoshTools: readonly AnyTool[] = [mongoshTool];
