// The aws family's page in docs/tools/: profile resolution and the read-only look-ups through the same aws binary.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'AWS CLI (aws, v1)',
  resolution: [
    'The profile as botocore picks it: `--profile`, then `AWS_DEFAULT_PROFILE`, then `AWS_PROFILE`, then `default`; `~/.aws/config` and `~/.aws/credentials` (or `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`), the credentials file overriding the config file.',
    'The account written in the profile: `sso_account_id`, `aws_account_id`, or the account of `role_arn` (following `source_profile`); the region from `--region`, `AWS_DEFAULT_REGION`, then the profile; the endpoint from `--endpoint-url`, `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, then the profile.',
    'The environment from your `environments.<name>.match.aws` rules (account, profile, region globs); otherwise a profile containing "prod" is production, an endpoint on this machine is local, anything else is unknown (protected). Live, the account is the one `sts get-caller-identity` reports.',
    'Global options count wherever they stand and in the unique prefixes argparse accepts (`--prof prod`).',
  ],
  liveLookups: [
    'The same aws binary with your globals (`--profile`, `--region`, `--endpoint-url`, `--ca-bundle`, `--no-verify-ssl`) and environment; only operations the generated table calls reads; at most three at a time, 30 s each, 60 s in all.',
    'S3: object count and bytes (`s3api list-objects-v2`, at most 100,000 keys, "at least" past it), versioning, Object Lock. RDS: engine, size, deletion protection, backup retention, snapshots that stay or go, whether the final snapshot is skipped.',
    'DynamoDB: items, size, deletion protection, point-in-time recovery. EC2: each instance\'s Name and environment tags, termination protection, EBS volumes deleted on termination. CloudFormation: the stack\'s resources and their DeletionPolicy, termination protection.',
  ],
  notes: [
    'Snapshots (`--snapshot`): none; the plan names what goes and AWS\'s own copies (S3 versioning or `aws s3 sync`, `ec2 create-snapshot`, `rds create-db-snapshot`, `dynamodb create-backup`).',
    'Every operation of every installed service model is classified (`npm run gen:aws`); anything the tables do not know is unknown. `awsOperationRisk(service, operation)` answers the same for SDK calls.',
    'aws CLI v1 ignores `AWS_ENDPOINT_URL` for some services: pass `--endpoint-url` as your own command would.',
  ],
};
