/** Kysely types of the identity tables (hub migration 0002-identity). */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface HubUserTable {
  id: Generated<number>;
  /** Lower-case; unique. */
  email: string;
  display_name: string;
  /** argon2id PHC string; null for accounts that only sign in through OpenID Connect. */
  password_hash: string | null;
  disabled: Generated<boolean>;
  /** Unused since sign-in throttling (signin_throttle) replaced the account lock. */
  failed_signins: Generated<number>;
  locked_until: Timestamp | null;
  created_at: CreatedAt;
}

export type GrantedRole = 'admin' | 'committee';

export interface UserRoleTable {
  user_id: number;
  role: GrantedRole;
  /** 'local' (set by an admin) or 'oidc:<provider>' (re-computed at each sign-in). */
  source: Generated<string>;
}

export interface UserIdentityTable {
  issuer: string;
  subject: string;
  provider: string;
  user_id: number;
  created_at: CreatedAt;
}

export interface HubSessionTable {
  /** SHA-256 of the session id; the id itself is only in the cookie. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** SHA-256 of the token; the token is shown once at creation. */
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface OrganisationRepresentativeTable {
  organisation_id: number;
  user_id: number;
  created_at: CreatedAt;
}

export interface OidcFlowTable {
  state: string;
  provider: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  expires_at: Timestamp;
}

/** Failed sign-ins per client address or per account (hub migration 0005-accounts-abuse). */
export interface SigninThrottleTable {
  scope: 'address' | 'account';
  /** The client address, or the e-mail signed in with (known account or not: no enumeration). */
  key: string;
  failures: Generated<number>;
  last_failure_at: Timestamp;
  /** No sign-in for this key is checked before this time (429 with Retry-After). */
  not_before: Timestamp;
}

/** Addresses an account signed in from with its password; they skip the account's throttle. */
export interface SigninKnownAddressTable {
  user_id: number;
  address: string;
  last_seen_at: Timestamp;
}

/** A link, e-mailed to `email`, that lets its holder create the account (once, before expiry). */
export interface AccountInvitationTable {
  id: Generated<number>;
  /** SHA-256 of the token; the token itself is only in the e-mail (and shown to the inviting admin). */
  token_hash: string;
  email: string;
  roles: ColumnType<GrantedRole[], GrantedRole[] | undefined, never>;
  /** The admin who invited; null for a self sign-up's confirmation link. */
  invited_by: number | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface IdentityTables {
  hub_user: HubUserTable;
  user_role: UserRoleTable;
  user_identity: UserIdentityTable;
  hub_session: HubSessionTable;
  api_token: ApiTokenTable;
  organisation_representative: OrganisationRepresentativeTable;
  oidc_flow: OidcFlowTable;
  signin_throttle: SigninThrottleTable;
  signin_known_address: SigninKnownAddressTable;
  account_invitation: AccountInvitationTable;
}
