// The Pulumi family: the pulumi CLI.
import type { AnyTool } from '../tool.js';
import { pulumiTool } from './pulumi-tool.js';

export const pulumiTools: readonly AnyTool[] = [pulumiTool];
