// The Docker family: the docker client (with its compose plugin) and the standalone docker-compose.
import type { AnyTool } from '../tool.js';
import { dockerComposeTool, dockerTool } from './docker-tool.js';

export const dockerTools: readonly AnyTool[] = [dockerTool, dockerComposeTool];
