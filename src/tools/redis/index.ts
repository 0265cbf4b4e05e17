// The Redis family: redis-cli.
import type { AnyTool } from '../tool.js';
import { redisCliTool } from './redis-cli-tool.js';

export const redisTools: readonly AnyTool[] = [redisCliTool];
