// The Google Cloud family: gcloud and gsutil share the configuration resolver and the live look-ups.
import type { AnyTool } from '../tool.js';
import { gcloudTool } from './gcloud-tool.js';
import { gsutilTool } from './gsutil-tool.js';

export const gcloudTools: readonly AnyTool[] = [gcloudTool, gsutilTool];
