// Placeholder, replaced by the aws family's generated table at merge: an AWS operation's risk from its name's verb.
import type { Risk } from '../../core/risk.js';

const DESTRUCTIVE_VERBS = ['Delete', 'Terminate', 'Remove', 'Purge', 'Destroy', 'Deregister', 'Disable', 'Revoke', 'Detach', 'Disassociate', 'Cancel', 'Stop', 'Reset', 'Empty'];
const READ_VERBS = ['Get', 'List', 'Describe', 'Head', 'Lookup', 'Search', 'Scan', 'Query', 'Select', 'Check', 'Validate', 'Estimate', 'Preview', 'Test', 'Simulate', 'Verify'];

/** The risk of one operation of one service (botocore service name, PascalCase operation), or null when guard does not know it. */
export function awsOperationRisk(service: string, operation: string): { readonly risk: Risk; readonly ruleId: string; readonly reason: string } | null {
  if (!/^[a-z0-9-]+$/.test(service) || !/^[A-Z][A-Za-z0-9]*$/.test(operation)) return null;
  const verb = /^[A-Z][a-z]*/.exec(operation)?.[0] ?? '';
  if (DESTRUCTIVE_VERBS.includes(verb)) return { risk: 'destructive', ruleId: 'aws/destructive-operation', reason: `${service} ${operation} removes or stops resources.` };
  if (READ_VERBS.includes(verb)) return { risk: 'read', ruleId: 'aws/read-operation', reason: `${service} ${operation} reads only.` };
  return { risk: 'write', ruleId: 'aws/write-operation', reason: `${service} ${operation} changes resources.` };
}
