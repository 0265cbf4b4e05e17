// The Azure family: az, with azure-cli's own command table and the profile's subscriptions.
import type { AnyTool } from '../tool.js';
import { azTool } from './az-tool.js';

export const azureTools: readonly AnyTool[] = [azTool];
