// The Kubernetes family: kubectl and helm share the kubeconfig resolver and the live look-ups.
import type { AnyTool } from '../tool.js';
import { helmTool } from './helm-tool.js';
import { kubectlTool } from './kubectl-tool.js';

export const kubernetesTools: readonly AnyTool[] = [helmTool, kubectlTool];
