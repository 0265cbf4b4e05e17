// The migration and ORM tools, one catalogue entry per program.
import type { AnyTool } from '../tool.js';
import { pythonTools } from './django.js';
import { goTools } from './go-tools.js';
import { jvmTools } from './jvm-tools.js';
import { nodeTools } from './node-tools.js';
import { prismaTool } from './prisma.js';
import { railsTools } from './rails.js';

export const migrationTools: readonly AnyTool[] = [...pythonTools, ...goTools, ...jvmTools, ...nodeTools, prismaTool, ...railsTools];
