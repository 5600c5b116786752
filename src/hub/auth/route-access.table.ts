/**
 * The access every hub route is expected to have: `METHOD /url` → a rule name of `access`
 * (src/hub/auth/access.ts). The role-matrix test fails when a route is missing here or declares
 * another rule, so a change of access is always visible in review. A key ending in `*` covers
 * every route under that prefix (third-party static routes).
 */
import type { access } from './access.js';

export type AccessName = keyof typeof access;

export const routeAccessTable: Record<string, AccessName> = {
  // health and API docs
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/v1/openapi.json': 'public',
  'GET /api/docs*': 'public',

  // identity (src/hub/identity)
  'GET /api/v1/auth/options': 'public',
  'POST /api/v1/auth/sign-up': 'public',
  'POST /api/v1/auth/invitation': 'public',
  'POST /api/v1/auth/invitation/accept': 'public',
  'POST /api/v1/auth/sign-in': 'public',
  'POST /api/v1/auth/sign-out': 'user',
  'POST /api/v1/auth/password': 'user',
  'GET /api/v1/me': 'user',
  'GET /api/v1/me/tokens': 'user',
  'POST /api/v1/me/tokens': 'user',
  'DELETE /api/v1/me/tokens/:id': 'user',
  'GET /api/v1/auth/oidc/providers': 'public',
  'GET /api/v1/auth/oidc/:provider/start': 'public',
  'GET /api/v1/auth/oidc/:provider/callback': 'public',

  // terms (src/hub/terms)
  'GET /api/v1/terms/current': 'public',
  'POST /api/v1/terms/accept': 'user',
  'POST /api/v1/admin/terms': 'admin',
  'GET /api/v1/organisations/:id/provider-rules': 'user',
  'POST /api/v1/organisations/:id/provider-rules/accept': 'representative',

  // admin (src/hub/admin)
  'GET /api/v1/admin/users': 'admin',
  'POST /api/v1/admin/users': 'admin',
  'POST /api/v1/admin/invitations': 'admin',
  'PATCH /api/v1/admin/users/:id': 'admin',
  'PUT /api/v1/admin/users/:id/roles': 'admin',
  'GET /api/v1/organisations': 'public',
  'POST /api/v1/admin/organisations': 'admin',
  'GET /api/v1/admin/organisations/:id/representatives': 'admin',
  'POST /api/v1/admin/organisations/:id/representatives': 'admin',
  'DELETE /api/v1/admin/organisations/:id/representatives/:userId': 'admin',

  // nodes and the tunnel (src/hub/nodes, src/hub/tunnel)
  'GET /api/v1/hub/key': 'public',
  'POST /api/v1/nodes/enrol': 'public',
  'POST /api/v1/nodes/enrolment-tokens': 'admin',
  'GET /api/v1/nodes': 'admin',
  'POST /api/v1/nodes/:id/revoke': 'admin',
  'GET /api/v1/nodes/tunnel': 'node',

  // audit (src/hub/audit)
  'GET /api/v1/admin/audit': 'admin',
  'GET /api/v1/admin/audit/verify': 'admin',

  // catalogue (src/hub/catalogue)
  'GET /catalogue.ttl': 'public',
  'GET /catalogue.jsonld': 'public',
  'GET /catalogue/datasets/:slug': 'public',
  'GET /api/v1/catalogue/datasets': 'public',
  'GET /api/v1/catalogue/stats': 'public',
  'GET /api/v1/catalogue/labels': 'public',
  'GET /api/v1/catalogue/datasets/:slug': 'public',
  'GET /api/v1/catalogue/datasets/:slug/versions': 'public',
  'PATCH /api/v1/catalogue/datasets/:slug': 'representative',
  'GET /api/v1/catalogue/harvest-runs': 'admin',
  'GET /api/v1/catalogue/harvest-runs/:id': 'admin',
  'POST /api/v1/catalogue/harvest-runs': 'admin',

  // federated search (src/hub/search)
  'POST /api/v1/searches': 'user',
  'GET /api/v1/searches': 'user',
  'GET /api/v1/searches/:id': 'user',
  'DELETE /api/v1/searches/:id': 'user',
  'GET /api/v1/searches/:id/events': 'user',
  'GET /api/v1/admin/searches/:id': 'admin',
  'GET /api/v1/search/fields': 'public',
  'OPTIONS /api/v1/spot/beam': 'public',
  'POST /api/v1/spot/beam': 'user',
  'GET /api/v1/spot/beam/:id': 'user',

  // notifications (src/hub/notifications)
  'GET /api/v1/notifications': 'user',
  'GET /api/v1/notifications/unread-count': 'user',
  'POST /api/v1/notifications/:id/read': 'user',
  'POST /api/v1/notifications/read-all': 'user',
  'GET /api/v1/admin/outbox': 'admin',

  // federated processing (src/hub/jobs); the services check ownership and organisations
  'GET /api/v1/tools': 'user',
  'POST /api/v1/tools': 'committee',
  'POST /api/v1/tools/versions/:id/review': 'committee',
  'POST /api/v1/jobs': 'user',
  'GET /api/v1/jobs': 'user',
  'GET /api/v1/jobs/:id': 'user',
  'GET /api/v1/jobs/:id/events': 'user',
  'GET /api/v1/jobs/airlock': 'representative',
  'GET /api/v1/jobs/:id/sites/:site/outputs/:output': 'representative',
  'POST /api/v1/jobs/:id/sites/:site/outputs/:output/decision': 'representative',

  // DICOMweb relay for grantees (src/hub/relay); the service checks the grant
  'GET /dicomweb/datasets/:slug/*': 'user',
  'OPTIONS /dicomweb/datasets/:slug/*': 'public',

  // access workflow (src/hub/access, docs/access.md)
  'POST /api/v1/access/requests': 'user',
  'GET /api/v1/access/requests': 'user',
  'GET /api/v1/access/requests/:id': 'user',
  'PATCH /api/v1/access/requests/:id': 'user',
  'POST /api/v1/access/requests/:id/submit': 'user',
  'POST /api/v1/access/requests/:id/withdraw': 'user',
  'POST /api/v1/access/requests/:id/review': 'committee',
  'POST /api/v1/access/requests/:id/decline': 'committee',
  'POST /api/v1/access/requests/:id/datasets/:datasetId/decision': 'representative',
  'POST /api/v1/access/requests/:id/datasets/:datasetId/information': 'user',
  'GET /api/v1/access/committee/requests': 'committee',
  'GET /api/v1/access/representative/requests': 'representative',
  'GET /api/v1/access/requests/:id/messages': 'user',
  'POST /api/v1/access/requests/:id/messages': 'user',
  'POST /api/v1/access/requests/:id/attachments': 'user',
  'GET /api/v1/access/requests/:id/attachments/:attachmentId': 'user',
  'GET /api/v1/access/basket': 'user',
  'PUT /api/v1/access/basket/:slug': 'user',
  'DELETE /api/v1/access/basket/:slug': 'user',
  'DELETE /api/v1/access/basket': 'user',
  'GET /api/v1/access/grants': 'user',
  'GET /api/v1/access/representative/grants': 'representative',
  'POST /api/v1/access/grants/:id/revoke': 'user',

  // the web app (src/hub/web)
  'GET /': 'public',
  'GET /*': 'public',
};

/** The expected rule name of a route, or undefined when the table lacks it. */
export function expectedAccessOf(method: string, url: string): AccessName | undefined {
  const key = `${method} ${url}`;
  if (key in routeAccessTable) return routeAccessTable[key];
  for (const [k, v] of Object.entries(routeAccessTable)) {
    if (k.endsWith('*') && key.startsWith(k.slice(0, -1))) return v;
  }
  return undefined;
}
