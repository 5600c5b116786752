/**
 * Accounts from an e-mailed link. Self sign-up (when the hub allows it) and an administrator's
 * invitation both end the same way: the holder of the link opens it, chooses a name and a
 * password, and the account exists. Asking to sign up answers the same whether or not the address
 * has an account (no enumeration); an existing owner is told by e-mail instead.
 */
import type { Kysely } from 'kysely';
import { audit } from '../../audit/audit.js';
import type { HubConfig } from '../../config/hub-config.js';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import type { Notifier } from '../notifications/notifier.js';
import type { GrantedRole } from './identity.tables.js';
import { createLocalUser } from './identity.service.js';
import { randomSecret, sha256 } from './secrets.js';
import { findUserByEmail, setRoles } from './user.repository.js';

export interface InvitationDeps {
  db: Kysely<HubDB>;
  config: HubConfig;
  notifier?: Notifier | undefined;
}

const base = (config: HubConfig) => (config.publicUrl ?? '').replace(/\/$/, '');
const gone = () => new CieError('NOT_FOUND', 'this link is unknown, used or expired: ask for a new one');

async function issue(
  deps: InvitationDeps,
  email: string,
  roles: readonly GrantedRole[],
  invitedBy: number | null,
): Promise<{ link: string; expiresAt: Date }> {
  const token = randomSecret();
  const expiresAt = new Date(Date.now() + deps.config.invitationDays * 86_400_000);
  await deps.db
    .insertInto('account_invitation')
    .values({
      token_hash: sha256(token),
      email,
      roles: [...roles],
      invited_by: invitedBy,
      expires_at: expiresAt,
    })
    .execute();
  return { link: `${base(deps.config)}/invitation?token=${token}`, expiresAt };
}

/** Self sign-up: e-mail a link to create the account, or tell the existing owner. Same answer either way. */
export async function requestSignUp(deps: InvitationDeps, email: string, ip: string | null): Promise<void> {
  if (!deps.config.allowSignup) {
    throw new CieError(
      'FORBIDDEN',
      'self sign-up is off on this hub: ask an administrator for an invitation',
    );
  }
  const existing = await findUserByEmail(deps.db, email);
  if (existing) {
    await deps.notifier?.mailTo?.({
      to: email,
      subject: 'Someone asked for an account with your e-mail address',
      text:
        'Someone (perhaps you) asked to create an account on this hub with this e-mail address, which has one already.\n' +
        `Sign in at ${base(deps.config)}/sign-in. If you forgot your password, ask the hub administrators. If it was not you, ignore this e-mail.`,
    });
  } else {
    const { link, expiresAt } = await issue(deps, email, [], null);
    await deps.notifier?.mailTo?.({
      to: email,
      subject: 'Create your account',
      text: `Open this link to choose your name and password (valid until ${expiresAt.toISOString()}):\n\n${link}`,
    });
  }
  await audit(deps.db, { actor: 'anonymous', action: 'auth.sign-up.request', ip, details: { email } });
}

/** An administrator invites someone (with roles); the link is e-mailed and returned to the admin. */
export async function inviteUser(
  deps: InvitationDeps,
  adminId: number,
  email: string,
  roles: readonly GrantedRole[],
  ip: string | null,
): Promise<{ email: string; link: string; expiresAt: Date }> {
  if (await findUserByEmail(deps.db, email)) {
    throw new CieError('CONFLICT', `${email} has an account already: edit its roles instead`);
  }
  const { link, expiresAt } = await issue(deps, email, roles, adminId);
  await deps.notifier?.mailTo?.({
    to: email,
    subject: 'You are invited to the cancer imaging hub',
    text: `An administrator invited you. Open this link to choose your name and password (valid until ${expiresAt.toISOString()}):\n\n${link}`,
  });
  await audit(deps.db, { actor: `user:${adminId}`, action: 'user.invite', ip, details: { email, roles } });
  return { email, link, expiresAt };
}

async function openInvitation(db: Kysely<HubDB>, token: string) {
  const row = await db
    .selectFrom('account_invitation')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  if (!row) throw gone();
  return row;
}

/** What the link's page shows before the account is made. */
export async function describeInvitation(db: Kysely<HubDB>, token: string) {
  const row = await openInvitation(db, token);
  return { email: row.email, expiresAt: row.expires_at, invited: row.invited_by !== null };
}

/** Create the account of an invitation (once): its e-mail, the chosen name and password, its roles. */
export async function acceptInvitation(
  deps: InvitationDeps,
  token: string,
  input: { displayName: string; password: string; acceptTermsVersion?: number | undefined },
  ip: string | null,
): Promise<number> {
  const row = await openInvitation(deps.db, token);
  const used = await deps.db
    .updateTable('account_invitation')
    .set({ used_at: new Date() })
    .where('id', '=', row.id)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!used) throw gone();
  const id = await createLocalUser(deps.db, { ...input, email: row.email }, ip, 'invitation');
  if (row.roles.length > 0) await setRoles(deps.db, id, 'local', row.roles);
  // Other links to the same address are void now that it has an account.
  await deps.db
    .updateTable('account_invitation')
    .set({ used_at: new Date() })
    .where('email', '=', row.email)
    .where('used_at', 'is', null)
    .execute();
  return id;
}
