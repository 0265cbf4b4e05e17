// The Heroku family: the heroku CLI.
import type { AnyTool } from '../tool.js';
import { herokuTool } from './heroku-tool.js';

export const herokuTools: readonly AnyTool[] = [herokuTool];
