// The configuration schema, written once: validation, the published JSON Schema and docs come from it.

export interface SchemaNode {
  readonly type: 'object' | 'string' | 'boolean' | 'integer' | 'array';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: false | SchemaNode;
  readonly items?: SchemaNode;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
}

const DECISION: SchemaNode = { type: 'string', enum: ['allow', 'confirm', 'deny'] };

const POSTGRES_MATCH: SchemaNode = {
  type: 'object',
  description: 'A connection matches when every field given matches (globs: * and ?).',
  properties: {
    host: { type: 'string', minLength: 1, description: 'Host name, IP address or socket directory glob.' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    dbname: { type: 'string', minLength: 1, description: 'Database name glob.' },
    user: { type: 'string', minLength: 1, description: 'User name glob.' },
  },
  additionalProperties: false,
};

const TERRAFORM_MATCH: SchemaNode = {
  type: 'object',
  description: 'A working directory matches when every field given matches (globs: * and ?).',
  properties: {
    workspace: { type: 'string', minLength: 1 },
    directory: { type: 'string', minLength: 1, description: 'Glob over the absolute working directory after -chdir.' },
    backend: { type: 'string', minLength: 1 },
  },
  additionalProperties: false,
};

const KUBERNETES_MATCH: SchemaNode = {
  type: 'object',
  description: 'A kubectl/helm target matches when every field given matches (globs: * and ?).',
  properties: {
    context: { type: 'string', minLength: 1, description: 'kubeconfig context name glob.' },
    cluster: { type: 'string', minLength: 1, description: 'kubeconfig cluster name glob.' },
    server: { type: 'string', minLength: 1, description: 'API server URL glob.' },
    namespace: { type: 'string', minLength: 1, description: 'Namespace glob.' },
  },
  additionalProperties: false,
};

const MYSQL_MATCH: SchemaNode = {
  type: 'object',
  description: 'A MySQL/MariaDB connection matches when every field given matches (globs: * and ?).',
  properties: {
    host: { type: 'string', minLength: 1, description: 'Host name, IP address or Unix socket path glob.' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    database: { type: 'string', minLength: 1, description: 'Database (schema) name glob.' },
    user: { type: 'string', minLength: 1, description: 'User name glob.' },
  },
  additionalProperties: false,
};

const REDIS_MATCH: SchemaNode = {
  type: 'object',
  description: 'A Redis server matches when every field given matches (host globs: * and ?).',
  properties: {
    host: { type: 'string', minLength: 1, description: 'Host name, IP address or Unix socket path glob.' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    db: { type: 'integer', minimum: 0, description: 'Logical database number (redis-cli -n).' },
  },
  additionalProperties: false,
};

const PULUMI_MATCH: SchemaNode = {
  type: 'object',
  description: 'A stack matches when every field given matches (globs: * and ?).',
  properties: { stack: { type: 'string', minLength: 1 }, project: { type: 'string', minLength: 1 } },
  additionalProperties: false,
};

/** A match rule of one or more name globs, for the platform CLIs. */
function globMatch(description: string, fields: Readonly<Record<string, string>>): SchemaNode {
  const properties: Record<string, SchemaNode> = {};
  for (const [name, what] of Object.entries(fields)) properties[name] = { type: 'string', minLength: 1, description: what };
  return { type: 'object', description: `${description} It matches when every field given matches (globs: * and ?).`, properties, additionalProperties: false };
}

const DOCKER_MATCH = globMatch('A Docker engine.', { context: 'docker context name glob (`default` for -H/DOCKER_HOST or the local engine).', host: 'Engine address glob: unix:///…, tcp://…, ssh://….' });
const HEROKU_MATCH = globMatch('A Heroku app.', { app: 'App name glob.' });
const FLY_MATCH = globMatch('A Fly.io app.', { app: 'App name glob.' });
const SUPABASE_MATCH = globMatch('A Supabase project.', { projectRef: 'Project ref glob (the id in supabase/.temp/project-ref).' });
const VERCEL_MATCH = globMatch('A Vercel project.', { project: 'Project name or id glob.', scope: 'Team slug or id glob (--scope, VERCEL_ORG_ID, .vercel/project.json).' });
const DOCTL_MATCH = globMatch('A doctl authentication context.', { context: 'Context name glob (--context, DIGITALOCEAN_CONTEXT, the config file).' });

const AWS_MATCH: SchemaNode = {
  type: 'object',
  description: 'An aws CLI target matches when every field given matches (globs: * and ?). The account is the one written in the profile (sso_account_id, aws_account_id, role_arn) or, live, the one sts get-caller-identity reports.',
  properties: {
    account: { type: 'string', minLength: 1, description: 'AWS account id glob (12 digits).' },
    profile: { type: 'string', minLength: 1, description: 'Profile name glob (--profile, AWS_DEFAULT_PROFILE, AWS_PROFILE or default).' },
    region: { type: 'string', minLength: 1, description: 'Region glob (--region, AWS_DEFAULT_REGION or the profile region).' },
  },
  additionalProperties: false,
};

const GCLOUD_MATCH: SchemaNode = {
  type: 'object',
  description: 'A gcloud/gsutil target matches when every field given matches (globs: * and ?).',
  properties: {
    project: { type: 'string', minLength: 1, description: 'Project ID glob (from --project, CLOUDSDK_CORE_PROJECT, the active configuration or a resource name).' },
    account: { type: 'string', minLength: 1, description: 'Account glob (user or service account e-mail).' },
    configuration: { type: 'string', minLength: 1, description: 'gcloud configuration name glob.' },
  },
  additionalProperties: false,
};

const AZURE_MATCH: SchemaNode = {
  type: 'object',
  description: 'An az target matches when every field given matches (globs: * and ?).',
  properties: {
    subscription: { type: 'string', minLength: 1, description: 'Subscription ID glob.' },
    subscriptionName: { type: 'string', minLength: 1, description: 'Subscription name glob (as in azureProfile.json).' },
    tenant: { type: 'string', minLength: 1, description: 'Tenant ID glob.' },
    resourceGroup: { type: 'string', minLength: 1, description: 'Resource group glob (from --resource-group/-g, --ids or the configured default).' },
  },
  additionalProperties: false,
};

const ENVIRONMENT: SchemaNode = {
  type: 'object',
  properties: {
    protected: {
      type: 'boolean',
      description: 'Protected environments never let an agent run destructive commands. In a project file only `true` has an effect.',
    },
    match: {
      type: 'object',
      description: 'How guard recognises this environment, per tool family.',
      properties: {
        aws: { type: 'array', items: AWS_MATCH },
        postgres: { type: 'array', items: POSTGRES_MATCH },
        kubernetes: { type: 'array', items: KUBERNETES_MATCH },
        mysql: { type: 'array', items: MYSQL_MATCH },
        redis: { type: 'array', items: REDIS_MATCH },
        terraform: { type: 'array', items: TERRAFORM_MATCH },
        pulumi: { type: 'array', items: PULUMI_MATCH },
        docker: { type: 'array', items: DOCKER_MATCH },
        heroku: { type: 'array', items: HEROKU_MATCH },
        fly: { type: 'array', items: FLY_MATCH },
        supabase: { type: 'array', items: SUPABASE_MATCH },
        vercel: { type: 'array', items: VERCEL_MATCH },
        doctl: { type: 'array', items: DOCTL_MATCH },

        gcloud: { type: 'array', items: GCLOUD_MATCH },
        azure: { type: 'array', items: AZURE_MATCH },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

const SNAPSHOT_REQUIREMENT: SchemaNode = {
  type: 'string',
  enum: ['required', 'offer', 'off'],
  description: 'required: every destructive run takes a verified snapshot first, or is refused; offer: asked at the prompt; off (default): only with --snapshot.',
};

const SNAPSHOTS: SchemaNode = {
  type: 'object',
  description: 'Snapshots of what a destructive command destroys, taken and verified before it runs (guard --snapshot, guard snapshots). The project file may only raise protected/unprotected and lower maxBytes; where snapshots go and how long they are kept is read from the user file only.',
  properties: {
    protected: { ...SNAPSHOT_REQUIREMENT, description: `In protected and unresolved environments. ${SNAPSHOT_REQUIREMENT.description}` },
    unprotected: { ...SNAPSHOT_REQUIREMENT, description: `In unprotected environments. ${SNAPSHOT_REQUIREMENT.description}` },
    directory: { type: 'string', minLength: 1, description: 'The local store (default $XDG_DATA_HOME/guard/snapshots, else ~/.local/share/guard/snapshots); it must be yours and closed to others (0700).' },
    s3: { type: 'string', minLength: 6, description: 'An S3 bucket and prefix (s3://bucket/prefix) every snapshot is uploaded to with the aws CLI, then checked by downloading it again.' },
    maxBytes: { type: 'integer', minimum: 0, description: 'Above this estimated size guard asks before copying, and refuses without a terminal (default 1000000000).' },
    maxAgeDays: { type: 'integer', minimum: 1, description: 'guard snapshots prune deletes snapshots older than this (default 30).' },
    maxTotalBytes: { type: 'integer', minimum: 0, description: 'guard snapshots prune keeps the newest snapshots within this total size (default 10000000000).' },
  },
  additionalProperties: false,
};

export const CONFIG_SCHEMA: SchemaNode = {
  type: 'object',
  description: 'guard configuration: user level (config.json in the guard directory) or project level (guard.config.json).',
  properties: {
    $schema: { type: 'string' },
    daemon: {
      type: 'string',
      enum: ['auto', 'off'],
      description: 'The resident guard (`guard daemon`): `auto` (default) starts it on demand for hook calls and dry runs; `off` never uses one. Read from the user file only; GUARD_DAEMON=0 turns it off for one process tree.',
    },
    daemonIdleMinutes: {
      type: 'integer',
      minimum: 1,
      maximum: 1440,
      description: 'Minutes without a request after which the resident guard exits (default 30). Read from the user file only.',
    },
    environments: {
      type: 'object',
      description: 'Named environments: protection and how to recognise them.',
      additionalProperties: ENVIRONMENT,
    },
    policy: {
      type: 'object',
      properties: {
        writeInProtected: {
          type: 'string',
          enum: ['allow', 'confirm'],
          description: 'Whether writes in protected environments need a confirmation (default allow).',
        },
        rules: {
          type: 'object',
          description: 'Per-rule decisions, by rule id. They can only make a decision stricter.',
          additionalProperties: DECISION,
        },
        protectedEnvironments: {
          type: 'array',
          description: 'More environment names to protect.',
          items: { type: 'string', minLength: 1 },
        },
        allRowsPercent: {
          type: 'integer',
          minimum: 1,
          maximum: 100,
          description: 'A DELETE or UPDATE with a WHERE that the live planner (or an exact count) says touches at least this percentage of a non-empty table is destructive, like one without WHERE (default 90). The strictest (lowest) value of both files wins.',
        },
      },
      additionalProperties: false,
    },
    snapshots: SNAPSHOTS,
  },
  additionalProperties: false,
};

/** The published JSON Schema (draft-07), generated from CONFIG_SCHEMA. */
export function jsonSchemaDocument(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    // A relative $id resolves against wherever an editor loads the file from (a path or a URL).
    $id: 'guard.config.schema.json',
    title: 'guard configuration',
    ...(CONFIG_SCHEMA as unknown as Record<string, unknown>),
  };
}
