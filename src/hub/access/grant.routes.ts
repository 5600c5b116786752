/** Routes of grants: yours, those on your organisations' datasets, and revocation. */
import type { HubApp } from '../app.js';
import { access } from '../auth/access.js';
import { errorBody, idParam } from '../http/schemas.js';
import { grantList, grantView, revokeBody } from './access.schema.js';
import type { AccessDeps } from './access.deps.js';
import { myGrants, organisationGrants, revokeGrantBy } from './grant.service.js';
import { callerOf } from './request.routes.js';

const tags = ['access'];

export function registerGrantRoutes(app: HubApp, deps: AccessDeps): void {
  app.get(
    '/access/grants',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary: 'Your grants (active, scheduled, expired, revoked)',
        response: { 200: grantList },
      },
    },
    async (request) => ({ grants: await myGrants(deps, callerOf(request)) }),
  );

  app.get(
    '/access/representative/grants',
    {
      config: { access: access.representative },
      schema: { tags, summary: "Grants on your organisations' datasets", response: { 200: grantList } },
    },
    async (request) => ({ grants: await organisationGrants(deps, callerOf(request)) }),
  );

  app.post(
    '/access/grants/:id/revoke',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary: "Revoke a grant (the dataset's representatives or an admin), with the reason",
        params: idParam,
        body: revokeBody,
        response: { 200: grantView, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request) => revokeGrantBy(deps, callerOf(request), request.params.id, request.body.reason),
  );
}
