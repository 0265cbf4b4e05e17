// The aws family: the AWS CLI, with the operation table generated from its own botocore models.
import type { AnyTool } from '../tool.js';
import { awsTool } from './aws-tool.js';

export const awsTools: readonly AnyTool[] = [awsTool];
