// The Fly.io family: flyctl, installed as both fly and flyctl.
import type { AnyTool } from '../tool.js';
import { flyTools as tools } from './fly-tool.js';

export const flyTools: readonly AnyTool[] = tools;
