/**
 * Fill a new demo hub: the three provider organisations (which accept the provider rules), and
 * the demo accounts of every role (which accept the terms of use as at sign-up). Idempotent: a
 * second start finds everything in place and changes nothing.
 */
import type { Kysely } from 'kysely';
import { audit } from '../audit/audit.js';
import type { HubDB } from '../db/schema.js';
import { createLocalUser } from '../hub/identity/identity.service.js';
import { createToken } from '../hub/identity/token.repository.js';
import { findUserByEmail, setRoles } from '../hub/identity/user.repository.js';
import {
  addRepresentative,
  insertOrganisation,
  listOrganisations,
} from '../hub/organisation/organisation.repository.js';
import { currentTerms, recordProviderRulesAcceptance, seedTerms } from '../hub/terms/terms.repository.js';
import { demoAccounts, demoSites } from './demo-sites.js';

export interface SeededHub {
  /** Organisation id by slug. */
  organisations: Map<string, number>;
  /** User id by e-mail. */
  users: Map<string, number>;
}

const actor = 'system:demo';

export async function seedDemoHub(db: Kysely<HubDB>): Promise<SeededHub> {
  await seedTerms(db);
  const terms = await currentTerms(db, 'terms-of-use');
  const rules = await currentTerms(db, 'provider-rules');
  const organisations = new Map<string, number>();
  const existing = await listOrganisations(db);
  for (const site of demoSites) {
    const found = existing.find((o) => o.slug === site.slug);
    const org =
      found ??
      (await insertOrganisation(db, {
        slug: site.slug,
        name: site.name,
        country: site.country,
        kind: 'provider',
      }));
    organisations.set(site.slug, org.id);
  }
  const users = new Map<string, number>();
  for (const account of demoAccounts) {
    const found = await findUserByEmail(db, account.email);
    const id =
      found?.id ??
      (await createLocalUser(
        db,
        {
          email: account.email,
          displayName: account.displayName,
          password: account.password,
          acceptTermsVersion: terms?.version,
        },
        null,
        actor,
      ));
    users.set(account.email, Number(id));
    if (found) continue;
    if (account.role === 'admin' || account.role === 'committee')
      await setRoles(db, Number(id), 'local', [account.role]);
    const orgId = account.organisation ? organisations.get(account.organisation) : undefined;
    if (orgId !== undefined) {
      await addRepresentative(db, orgId, Number(id));
      if (rules) await recordProviderRulesAcceptance(db, orgId, rules.id, Number(id));
    }
    await audit(db, { actor, action: 'demo.account', target: `user:${id}`, details: { role: account.role } });
  }
  return { organisations, users };
}

/** A fresh admin API token for scripts (written to demo.json); older demo tokens are revoked. */
export async function issueDemoAdminToken(db: Kysely<HubDB>, adminId: number): Promise<string> {
  await db
    .updateTable('api_token')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', adminId)
    .where('name', '=', 'demo.json')
    .where('revoked_at', 'is', null)
    .execute();
  const { token } = await createToken(db, adminId, 'demo.json', null);
  return token;
}
