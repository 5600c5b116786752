/** Building the principal of a signed-in user: roles, represented organisations, terms. */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import type { UserPrincipal } from '../auth/access.js';
import { hasAcceptedCurrentTerms } from '../terms/terms.repository.js';
import { representedOrganisations, rolesOf } from './user.repository.js';

export async function loadUserPrincipal(
  db: Kysely<HubDB>,
  userId: number,
  via: UserPrincipal['via'],
): Promise<UserPrincipal> {
  const [roles, representativeOf, termsAccepted] = await Promise.all([
    rolesOf(db, userId),
    representedOrganisations(db, userId),
    hasAcceptedCurrentTerms(db, userId),
  ]);
  return { kind: 'user', userId, roles, representativeOf, via, termsAccepted };
}
