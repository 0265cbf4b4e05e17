// The Railway family: the railway CLI (raw API calls reuse resolveRailway from resolve.ts).
import type { AnyTool } from '../tool.js';
import { railwayTool } from './railway-tool.js';

export const railwayTools: readonly AnyTool[] = [railwayTool];
