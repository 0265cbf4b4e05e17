// The Postgres family: psql and the client programs, each its own catalogue entry.
import type { AnyTool } from '../tool.js';
import { clientTools } from './client-tools.js';
import { psqlTool } from './psql-tool.js';

export const postgresTools: readonly AnyTool[] = [psqlTool, ...clientTools];
