// Rule tables of the raw HTTP clients (curl, wget, httpie): one per program, the same rows, ids `<program>/<rule>`.
import type { Risk } from '../../core/risk.js';
import type { Rule } from '../../core/types.js';

type Row = { risk: Risk; description: string; reason: string; recovery?: string };

const UNKNOWN_RECOVERY = 'Unknown: guard cannot tell what this request changes.';

// Railway's recovery facts (https://docs.railway.com/reference/volumes, "Deletion and Restoration";
// https://blog.railway.com/p/how-we-oops-proofed-infrastructure-deletion-on-railway): deleted volumes
// and projects are kept 48 hours and can be restored in that window; backups go with their volume.
const ROWS = {
  'railway-destructive': {
    risk: 'destructive',
    description: "A GraphQL request to Railway's API with a destructive mutation (volumeDelete, environmentDelete, serviceDelete…)",
    reason: "The request deletes Railway resources directly through the API: no CLI prompt, nothing asks first.",
    recovery:
      'Railway keeps deleted volumes and projects for 48 hours (restore them from the project canvas); backups belong to the volume and go with it. Other deletions have no undo.',
  },
  'railway-unknown': {
    risk: 'unknown',
    description: "A request to Railway's API guard cannot read: unreadable or unparseable body, unknown mutation, unresolved arguments",
    reason: "guard cannot see which mutations this request runs against Railway, so it is treated as destructive.",
    recovery: UNKNOWN_RECOVERY,
  },
  'railway-write': {
    risk: 'write',
    description: "A GraphQL request to Railway's API whose mutations change but do not delete",
    reason: 'Changes Railway resources (deploys, variables, settings) without deleting them.',
  },
  'railway-read': {
    risk: 'read',
    description: "A GraphQL query or subscription to Railway's API",
    reason: 'Reads only.',
  },
  'http-delete': {
    risk: 'destructive',
    description: 'An HTTP DELETE (e.g. `curl -X DELETE https://k8s/api/v1/namespaces/prod`)',
    reason: 'DELETE asks the server to remove the resource at the URL; APIs usually do it at once.',
    recovery: "Depends on the API: most have no undo; restore the resource from a backup or its definition.",
  },
  'http-unknown-method': {
    risk: 'unknown',
    description: 'A request method guard does not know (PURGE, custom verbs)',
    reason: 'guard cannot tell what this method does on the server.',
    recovery: UNKNOWN_RECOVERY,
  },
  'http-write': {
    risk: 'write',
    description: 'A request that sends a body or uses POST, PUT or PATCH, to a host other than Railway\'s API',
    reason: 'Sends data the server may store or act on.',
  },
  'http-read': {
    risk: 'read',
    description: 'GET, HEAD or OPTIONS without a body',
    reason: 'Reads only.',
  },
  'unseen-input': {
    risk: 'unknown',
    description: 'Input the program reads that guard cannot see (a -K config file it cannot read, a URL list, expanded variables)',
    reason: 'Requests or bodies come from somewhere guard cannot read, so it cannot tell what is sent where.',
    recovery: UNKNOWN_RECOVERY,
  },
  'bad-arguments': {
    risk: 'unknown',
    description: 'Options the program does not document, or missing option values',
    reason: 'guard does not recognise these arguments, so it cannot tell what the program will send.',
    recovery: UNKNOWN_RECOVERY,
  },
  info: { risk: 'read', description: '--help, --version, --manual', reason: 'Prints information and exits.' },
} satisfies Record<string, Row>;

export type HttpRuleKey = keyof typeof ROWS;
export type HttpRuleTable = Readonly<Record<HttpRuleKey, Rule>>;

export function httpRules(program: string): HttpRuleTable {
  const out = {} as Record<HttpRuleKey, Rule>;
  for (const key of Object.keys(ROWS) as HttpRuleKey[]) out[key] = { id: `${program}/${key}`, ...ROWS[key] };
  return out;
}

export const curlRules = httpRules('curl');
export const wgetRules = httpRules('wget');
export const httpieRules = httpRules('http');
export const httpieTlsRules = httpRules('https');
