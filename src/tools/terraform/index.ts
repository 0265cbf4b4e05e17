// The Terraform family: terraform and tofu share one grammar, rule table shape and resolver.
import type { AnyTool } from '../tool.js';
import { terraformTool, tofuTool } from './terraform-tool.js';

export const terraformTools: readonly AnyTool[] = [terraformTool, tofuTool];
