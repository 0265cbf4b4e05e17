// The raw HTTP clients' case table: every rule of curl, wget and httpie, the BYPASSES.md raw-API rows included.
import type { ToolCase } from '../tool.js';

const API = 'https://backboard.railway.com/graphql/v2';
const BEARER = 'Authorization: Bearer tok_account';
const VOLUME_DELETE = 'mutation { volumeDelete(volumeId: "vol_8f2c") }';
const body = (query: string) => JSON.stringify({ query });
const INCIDENT_BODY = body(VOLUME_DELETE);
const WRITE_BODY = body('mutation { serviceInstanceRedeploy(environmentId: "env", serviceId: "svc") }');
const READ_BODY = body('query { me { id } }');

export const httpCases: Readonly<Record<string, readonly ToolCase[]>> = {
  curl: [
    { argv: ['curl', '-H', BEARER, API, '-d', INCIDENT_BODY], risk: 'destructive', rules: ['curl/railway-destructive'], note: 'the incident: a raw GraphQL volumeDelete' },
    { argv: ['curl', '-sS', '-H', BEARER, '-d', '@payload.json', API], risk: 'destructive', rules: ['curl/railway-destructive'], world: { files: { 'payload.json': INCIDENT_BODY } } },
    { argv: ['curl', '--data-binary', '@-', API], risk: 'destructive', rules: ['curl/railway-destructive'], world: { stdin: INCIDENT_BODY } },
    { argv: ['curl', '--json', JSON.stringify({ query: 'mutation D($id: String!) { gone: volumeDelete(volumeId: $id) }', variables: { id: 'vol_8f2c' } }), API], risk: 'destructive', rules: ['curl/railway-destructive'], note: 'alias and variables' },
    { argv: ['curl', '-XPOST', '--data-raw', READ_BODY, API], risk: 'read', rules: ['curl/railway-read'] },
    { argv: ['curl', '--data', WRITE_BODY, API], risk: 'write', rules: ['curl/railway-write'] },
    { argv: ['curl', '-d', '@missing.json', API], risk: 'unknown', rules: ['curl/railway-unknown'], note: 'a body guard cannot read' },
    { argv: ['curl', '-d', 'mutation { volumeDelete', API], risk: 'unknown', rules: ['curl/railway-unknown'], note: 'not JSON' },
    { argv: ['curl', '-X', 'DELETE', 'https://k8s/api/v1/namespaces/prod'], risk: 'destructive', rules: ['curl/http-delete'] },
    { argv: ['curl', '-X', 'POST', '-d', 'a=1', 'https://api.example.com/items'], risk: 'write', rules: ['curl/http-write'] },
    { argv: ['curl', '-X', 'PURGE', 'https://cdn.example.com/x'], risk: 'unknown', rules: ['curl/http-unknown-method'] },
    { argv: ['curl', '-fsSL', 'https://example.com/install.sh'], risk: 'read', rules: ['curl/http-read'] },
    { argv: ['curl', '-K', 'missing.cfg'], risk: 'unknown', rules: ['curl/unseen-input'] },
    { argv: ['curl', '-K', 'req.cfg'], risk: 'destructive', rules: ['curl/railway-destructive'], world: { files: { 'req.cfg': `url = "${API}"\ndata-binary = "@payload.json"\n`, 'payload.json': INCIDENT_BODY } }, note: 'a -K config file guard reads' },
    { argv: ['curl', '--frobnicate', 'https://example.com'], risk: 'unknown', rules: ['curl/bad-arguments'] },
    { argv: ['curl', '--version'], risk: 'read', rules: ['curl/info'] },
  ],
  wget: [
    { argv: ['wget', '-qO-', '--header', BEARER, `--post-data=${INCIDENT_BODY}`, API], risk: 'destructive', rules: ['wget/railway-destructive'], note: 'BYPASSES.md: wget --post-data' },
    { argv: ['wget', '--post-file', 'payload.json', API], risk: 'destructive', rules: ['wget/railway-destructive'], world: { files: { 'payload.json': INCIDENT_BODY } } },
    { argv: ['wget', '--method=POST', `--body-data=${READ_BODY}`, API], risk: 'read', rules: ['wget/railway-read'] },
    { argv: ['wget', '--post-data', WRITE_BODY, API], risk: 'write', rules: ['wget/railway-write'] },
    { argv: ['wget', '--post-file=missing.json', API], risk: 'unknown', rules: ['wget/railway-unknown'] },
    { argv: ['wget', '--method=DELETE', 'https://k8s/api/v1/namespaces/prod'], risk: 'destructive', rules: ['wget/http-delete'] },
    { argv: ['wget', '--post-data=a=1', 'https://api.example.com/items'], risk: 'write', rules: ['wget/http-write'] },
    { argv: ['wget', '--method', 'PURGE', 'https://cdn.example.com/x'], risk: 'unknown', rules: ['wget/http-unknown-method'] },
    { argv: ['wget', '-nv', 'https://example.com/file.tar.gz'], risk: 'read', rules: ['wget/http-read'] },
    { argv: ['wget', '-i', 'urls.txt'], risk: 'unknown', rules: ['wget/unseen-input'] },
    { argv: ['wget', '--frobnicate', 'https://example.com'], risk: 'unknown', rules: ['wget/bad-arguments'] },
    { argv: ['wget', '--help'], risk: 'read', rules: ['wget/info'] },
  ],
  http: [
    { argv: ['http', 'POST', API, `Authorization:Bearer tok_account`, `query=${VOLUME_DELETE}`], risk: 'destructive', rules: ['http/railway-destructive'], note: 'BYPASSES.md: httpie' },
    { argv: ['http', API, 'query=mutation D($id: String!) { volumeDelete(volumeId: $id) }', 'variables[id]=vol_8f2c'], risk: 'destructive', rules: ['http/railway-destructive'], note: 'nested variables, POST by default' },
    { argv: ['http', 'POST', API], risk: 'destructive', rules: ['http/railway-destructive'], world: { stdin: INCIDENT_BODY }, note: 'raw body on stdin' },
    { argv: ['http', '--raw', READ_BODY, 'POST', API], risk: 'read', rules: ['http/railway-read'] },
    { argv: ['http', API, 'query=mutation { serviceInstanceRedeploy(environmentId: "e", serviceId: "s") }'], risk: 'write', rules: ['http/railway-write'] },
    { argv: ['http', API, 'query=mutation { volumeDelete('], risk: 'unknown', rules: ['http/railway-unknown'], note: 'GraphQL that does not parse' },
    { argv: ['http', 'DELETE', 'https://k8s/api/v1/namespaces/prod'], risk: 'destructive', rules: ['http/http-delete'] },
    { argv: ['http', 'api.example.com/items', 'name=x'], risk: 'write', rules: ['http/http-write'] },
    { argv: ['http', 'PURGE', 'cdn.example.com/x'], risk: 'unknown', rules: ['http/http-unknown-method'] },
    { argv: ['http', 'example.com'], risk: 'read', rules: ['http/http-read'] },
    { argv: ['http', API, 'query:=@missing.json'], risk: 'unknown', rules: ['http/unseen-input'], note: 'an item file guard cannot read' },
    { argv: ['http', '--frobnicate', 'example.com'], risk: 'unknown', rules: ['http/bad-arguments'] },
    { argv: ['http', 'POST', API, 'query[x=1'], risk: 'unknown', rules: ['http/bad-arguments'], note: 'a malformed nested key' },
    { argv: ['http', '--offline', 'DELETE', 'example.com/x'], risk: 'read', rules: ['http/info'], note: '--offline prints the request without sending it' },
  ],
  https: [
    { argv: ['https', 'backboard.railway.com/graphql/v2', `query=${VOLUME_DELETE}`], risk: 'destructive', rules: ['https/railway-destructive'] },
    { argv: ['https', 'backboard.railway.com/graphql/v2', 'query=query { me { id } }'], risk: 'read', rules: ['https/railway-read'] },
    { argv: ['https', 'backboard.railway.com/graphql/v2', 'query=mutation { serviceInstanceRedeploy(environmentId: "e", serviceId: "s") }'], risk: 'write', rules: ['https/railway-write'] },
    { argv: ['https', 'backboard.railway.com/graphql/v2', 'query=mutation {'], risk: 'unknown', rules: ['https/railway-unknown'] },
    { argv: ['https', 'DELETE', 'k8s.example.com/api/v1/namespaces/prod'], risk: 'destructive', rules: ['https/http-delete'] },
    { argv: ['https', 'PUT', 'api.example.com/items/1', 'name=x'], risk: 'write', rules: ['https/http-write'] },
    { argv: ['https', 'PURGE', 'cdn.example.com/x'], risk: 'unknown', rules: ['https/http-unknown-method'] },
    { argv: ['https', 'example.com'], risk: 'read', rules: ['https/http-read'] },
    { argv: ['https', 'POST', 'api.example.com', 'note=@missing.txt'], risk: 'unknown', rules: ['https/unseen-input'] },
    { argv: ['https', '--bogus', 'example.com'], risk: 'unknown', rules: ['https/bad-arguments'] },
    { argv: ['https', '--version'], risk: 'read', rules: ['https/info'] },
  ],
};
