// Doubles of the platform REST APIs guard reads (Heroku Platform + Postgres data API, Fly Machines, Vercel, DigitalOcean v2).
//
// Shapes from the published descriptions: Heroku Platform API schema (https://api.heroku.com/schema: app, add-on
// with addon_service, plan, config_vars) and the Postgres data API as the heroku CLI reads it (dist/commands/pg/
// info.js `info: [{name, values}]`, lib/pg/backups.js transfers); Fly Machines OpenAPI (docs.machines.dev/swagger/
// doc.json: Volume, VolumeSnapshot, Machine); Vercel REST OpenAPI (openapi.vercel.sh: GET /v9/projects/{idOrName},
// /v6/deployments, /v13/deployments/{idOrUrl}); DigitalOcean OpenAPI (github.com/digitalocean/openapi: droplet,
// database, volume, kubernetes_cluster, destroy_with_associated_resources).
import { bearer, startApiDouble, type ApiDouble, type Route } from './server.js';

const ok = (body: unknown) => ({ status: 200, body });
const missing = (id: string, message: string) => ({ status: 404, body: { id, message } });

export function startHerokuApi(token: string): Promise<ApiDouble> {
  const app = { id: '01234567-89ab-cdef-0123-456789abcdef', name: 'acme-prod', region: { name: 'eu' }, owner: { email: 'ops@acme.test' } };
  const addon = { id: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'postgresql-rugged-12345', addon_service: { name: 'heroku-postgresql' }, plan: { name: 'heroku-postgresql:standard-0' }, config_vars: ['DATABASE_URL'], app: { name: 'acme-prod' } };
  const routes: Record<string, Route> = {
    'GET /apps/:app': ({ app: name }) => (name === app.name ? ok(app) : missing('not_found', "Couldn't find that app.")),
    'GET /apps/:app/addons': ({ app: name }) => (name === app.name ? ok([addon, { id: 'r-1', name: 'redis-cubic-42', addon_service: { name: 'heroku-redis' }, plan: { name: 'heroku-redis:mini' }, config_vars: ['REDIS_URL'] }]) : missing('not_found', "Couldn't find that app.")),
    'GET /client/v11/databases/:id': ({ id }) => (id === addon.id ? ok({ info: [{ name: 'Plan', values: ['Standard 0'] }, { name: 'Status', values: ['Available'] }, { name: 'Data Size', values: ['8.3 GB'] }, { name: 'Tables', values: ['42'] }, { name: 'Rollback', values: ['earliest from 2026-11-27 10:00 UTC'] }] }) : missing('not_found', 'database not found')),
    'GET /client/v11/apps/:app/transfers': () => ok([{ from_type: 'pg_dump', to_type: 'gof3r', succeeded: true, finished_at: '2026-11-30 03:00:12 +0000' }, { from_type: 'pg_dump', to_type: 'gof3r', succeeded: true, finished_at: '2026-12-01 03:00:09 +0000' }]),
    'GET /client/v11/databases/:id/transfer-schedules': () => ok([{ name: 'DATABASE_URL', hour: 3, timezone: 'UTC' }]),
  };
  return startApiDouble({ routes, authorize: bearer(token, { id: 'unauthorized', message: 'Invalid credentials provided.' }), notFound: () => ({ id: 'not_found', message: 'The requested API endpoint was not found.' }) });
}

export function startFlyMachinesApi(token: string): Promise<ApiDouble> {
  const volume = { id: 'vol_4d3k7o9p2qzrwx1y', name: 'pg_data', state: 'created', size_gb: 40, region: 'ams', attached_machine_id: '148ed193b95389', snapshot_retention: 5, auto_backup_enabled: true, created_at: '2026-06-01T10:00:00Z' };
  const routes: Record<string, Route> = {
    'GET /v1/apps/:app/volumes': ({ app }) => (app === 'shop-prod' ? ok([volume]) : missing('not_found', 'app not found')),
    'GET /v1/apps/:app/volumes/:id': ({ app, id }) => (app === 'shop-prod' && id === volume.id ? ok(volume) : { status: 404, body: { error: 'volume not found' } }),
    'GET /v1/apps/:app/volumes/:id/snapshots': ({ id }) => (id === volume.id ? ok([{ id: 'vs_1', created_at: '2026-11-30T02:00:00Z', size: 21474836480, status: 'created', retention_days: 5 }, { id: 'vs_2', created_at: '2026-12-01T02:00:00Z', size: 21474836480, status: 'created', retention_days: 5 }]) : ok([])),
    'GET /v1/apps/:app/machines': ({ app }) => ok(app === 'shop-prod' ? [{ id: '148ed193b95389', name: 'withered-sun-1234', state: 'started', region: 'ams', config: { mounts: [{ volume: volume.id, path: '/data' }] } }] : []),
  };
  return startApiDouble({ routes, authorize: bearer(token, { error: 'unauthorized' }) });
}

export function startVercelApi(token: string): Promise<ApiDouble> {
  const project = { id: 'prj_shop123', name: 'shop', accountId: 'team_acme', targets: { production: { id: 'dpl_prod1', url: 'shop-abc.vercel.app', alias: ['shop.acme.test', 'www.acme.test'] } } };
  const deployments = [{ uid: 'dpl_prod1', target: 'production' }, { uid: 'dpl_prev1', target: null }, { uid: 'dpl_prev2', target: null }];
  const routes: Record<string, Route> = {
    'GET /v9/projects/:id': ({ id }) => (id === project.id || id === project.name ? ok(project) : { status: 404, body: { error: { code: 'not_found', message: 'Project not found' } } }),
    'GET /v6/deployments': (_, query) => ok({ deployments: query.get('projectId') === project.id ? deployments : [], pagination: { count: 3, next: null, prev: null } }),
    'GET /v13/deployments/:id': ({ id }) => (id === 'dpl_prev1' ? ok({ id, name: 'shop', url: 'shop-prev1.vercel.app', target: null }) : { status: 404, body: { error: { code: 'not_found', message: 'Deployment not found' } } }),
  };
  return startApiDouble({ routes, authorize: bearer(token, { error: { code: 'forbidden', message: 'Not authorized' } }) });
}

export function startDigitalOceanApi(token: string): Promise<ApiDouble> {
  const routes: Record<string, Route> = {
    'GET /v2/droplets/:id': ({ id }) => (id === '3164444' ? ok({ droplet: { id: 3164444, name: 'web-1', size_slug: 's-2vcpu-4gb', disk: 80, volume_ids: ['506f78a4'], backup_ids: [7938002, 7938003], snapshot_ids: [] } }) : { status: 404, body: { id: 'not_found', message: 'The resource you were accessing could not be found.' } }),
    'GET /v2/kubernetes/clusters/:id': ({ id }) => (id === 'bd5f5959-5e1e-4205-a714-a914373942af' ? ok({ kubernetes_cluster: { id, name: 'prod-k8s', node_pools: [{ count: 3 }] } }) : { status: 404, body: { id: 'not_found', message: 'not found' } }),
    'GET /v2/kubernetes/clusters/:id/destroy_with_associated_resources': () => ok({ load_balancers: [{ id: '4de7ac8b', name: 'a1b2c3' }], volumes: [{ id: 'ba49449a', name: 'pvc-123' }], volume_snapshots: [{ id: 'edb0478d', name: 'snapshot-1' }] }),
  };
  return startApiDouble({ routes, authorize: bearer(token, { id: 'Unauthorized', message: 'Unable to authenticate you.' }) });
}
