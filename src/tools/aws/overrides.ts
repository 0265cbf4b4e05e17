// The reviewed rows over the generated table: operations with their own rule (better reasons, recovery and live look-ups).
import type { Risk } from '../../core/risk.js';
import { awsRules, type AwsRuleKey } from './rules.js';

export interface OperationOverride {
  readonly risk: Risk;
  readonly ruleId: string;
  readonly reason: string;
  readonly key: AwsRuleKey;
}

function row(key: AwsRuleKey): OperationOverride {
  const rule = awsRules[key];
  return { risk: rule.risk, ruleId: rule.id, reason: rule.reason, key };
}

/**
 * `service/Operation` (botocore names) → the rule that replaces the generic one. Flags can make
 * some of them worse on the command line (classify.ts: --skip-final-snapshot,
 * --force-delete-without-recovery); this view, without flags, is what an SDK call maps to.
 */
export const OPERATION_OVERRIDES: Readonly<Record<string, OperationOverride>> = {
  'cloudformation/DeleteStack': row('cloudformation-delete-stack'),
  'dynamodb/DeleteTable': row('dynamodb-delete-table'),
  'ec2/TerminateInstances': row('ec2-terminate-instances'),
  'kms/ScheduleKeyDeletion': row('kms-schedule-key-deletion'),
  'rds/DeleteDBCluster': row('rds-delete'),
  'rds/DeleteDBInstance': row('rds-delete'),
  's3/DeleteBucket': row('s3api-delete-bucket'),
  'secretsmanager/DeleteSecret': row('secret-delete'),
};
