// Generated from the hub OpenAPI document by `npm run api:types` (src/hub/http/api-types.ts).
// Do not edit: change the route schemas and regenerate.
import type { paths as access } from './access';
import type { paths as accessDecisions } from './access-decisions';
import type { paths as accessRequests } from './access-requests';
import type { paths as accessSteps } from './access-steps';
import type { paths as accessThread } from './access-thread';
import type { paths as account } from './account';
import type { paths as admin } from './admin';
import type { paths as adminAudit } from './admin-audit';
import type { paths as adminOrganisations } from './admin-organisations';
import type { paths as adminUsers } from './admin-users';
import type { paths as auth } from './auth';
import type { paths as authOidc } from './auth-oidc';
import type { paths as catalogue } from './catalogue';
import type { paths as hub } from './hub';
import type { paths as jobs } from './jobs';
import type { paths as nodes } from './nodes';
import type { paths as notifications } from './notifications';
import type { paths as organisations } from './organisations';
import type { paths as search } from './search';
import type { paths as terms } from './terms';
import type { paths as tools } from './tools';

/** Every route of the hub's API. */
export type paths = access & accessDecisions & accessRequests & accessSteps & accessThread & account & admin & adminAudit & adminOrganisations & adminUsers & auth & authOidc & catalogue & hub & jobs & nodes & notifications & organisations & search & terms & tools;
