// aws under guard: the CLI v1 grammar, the generated operation table, profile resolution and live look-ups through the same binary.
import type { ParsedInvocation, Tool } from '../tool.js';
import { classifyAwsParts } from './classify.js';
import { parseAwsCommand, type ParsedAwsParts } from './command.js';
import { BOTOCORE_VERSION } from './operations.generated.js';
import { resolveAws } from './resolve.js';
import { awsRules } from './rules.js';

export interface ParsedAws extends ParsedInvocation, ParsedAwsParts {}

export const awsTool: Tool<ParsedAws> = {
  name: 'aws',
  family: 'aws',
  summary: 'AWS CLI (v1)',
  rules: awsRules,
  checkedAgainst: {
    version: `aws-cli 1.45.11 with botocore ${BOTOCORE_VERSION} (installed here)`,
    references: [
      'botocore/data/<service>/<version>/service-2.json(.gz): every operation and its input shape (src/tools/aws/operations.generated.ts, npm run gen:aws)',
      'botocore/__init__.py xform_name: operation name → CLI command name; awscli/clidriver.py ServiceCommand, awscli/handlers.py renames (s3api, configservice, deploy, runtime.sagemaker)',
      'awscli/data/cli.json: the global options; awscli/argparser.py: argparse parse_known_args with unique-prefix abbreviations, globals anywhere',
      'awscli/customizations/s3/subcommands.py and syncstrategy/: s3 ls/cp/mv/rm/sync/mb/rb/presign/website options (--force, --recursive, --delete, --dryrun)',
      'awscli/paramfile.py: file://, fileb:// and (v1, cli_follow_urlparam) http(s):// parameter values; awscli/customizations/cliinputjson.py',
      'awscli/customizations/generatecliskeleton.py: --generate-cli-skeleton input|output never calls the service',
      'botocore/configprovider.py (profile: AWS_DEFAULT_PROFILE before AWS_PROFILE; region: AWS_DEFAULT_REGION; AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_ENDPOINT_URL[_<SERVICE>]), configloader.py, credentials.py (explicit --profile disables env keys)',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html (final snapshot, automated backups, deletion protection)',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html',
    ],
  },
  async parse(argv, ctx) {
    return parseAwsCommand(argv, ctx);
  },
  classify: classifyAwsParts,
  async resolve(parsed, classification, ctx) {
    // Look-ups go through the very binary the user runs (its version, its Python, its botocore).
    return resolveAws(parsed, classification, ctx, ctx.which('aws') ?? 'aws');
  },
};
