// The MySQL/MariaDB family: the client, dump and admin programs under both names.
import type { AnyTool } from '../tool.js';
import { mariadbAdminTool, mariadbDumpTool, mysqladminTool, mysqldumpTool } from './admin-tools.js';
import { mariadbTool, mysqlTool } from './client-tool.js';

export const mysqlTools: readonly AnyTool[] = [mariadbTool, mariadbAdminTool, mariadbDumpTool, mysqlTool, mysqladminTool, mysqldumpTool];
