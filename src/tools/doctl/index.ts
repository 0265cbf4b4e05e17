// The DigitalOcean family: the doctl CLI.
import type { AnyTool } from '../tool.js';
import { doctlTool } from './doctl-tool.js';

export const doctlTools: readonly AnyTool[] = [doctlTool];
