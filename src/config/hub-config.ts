/**
 * Hub settings (`config.hub`): HTTP limits, sessions, local accounts, sign-in throttling and the
 * OpenID Connect providers. Each is read from a CIE_HUB_* variable; the OIDC providers come as
 * one JSON array in CIE_HUB_OIDC_PROVIDERS (see docs/configuration.md).
 */
import { z } from 'zod';
import { mailConfigFromEnv, mailConfigSchema } from './mail-config.js';
import { corsConfigFromEnv, corsConfigSchema } from './cors-config.js';

const role = z.enum(['admin', 'committee']);

/** One external OpenID Connect provider (EUCAIM LS-AAI, Keycloak, …). */
export const oidcProviderSchema = z.object({
  /** Short id used in URLs: /api/v1/auth/oidc/<id>/start. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lower-case letters, digits and dashes'),
  /** Name shown on the sign-in button. */
  name: z.string().min(1),
  /** Issuer URL; its /.well-known/openid-configuration is read on first use. */
  issuer: z.string().url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Scopes asked for; the role claim must be released under one of them. */
  scopes: z.array(z.string()).default(['openid', 'email', 'profile']),
  /** The claim (ID token or userinfo) whose values map to roles, e.g. eduperson_entitlement. */
  roleClaim: z.string().default('eduperson_entitlement'),
  /**
   * Claim value → roles. A key ending in `*` matches by prefix, so
   * `urn:geant:lifescience-ri.eu:group:eucaim:admins*` matches `…:admins#aai.lifescience-ri.eu`.
   * Roles from this provider are re-computed at every sign-in (removed when no longer sent).
   */
  roleMapping: z.record(z.string(), z.array(role)).default({}),
  /** Allow plain-http issuers (tests and local identity providers only). */
  allowInsecure: z.boolean().default(false),
});
export type OidcProviderConfig = z.infer<typeof oidcProviderSchema>;

/** A catalogue the hub harvests on a schedule (DCAT-AP in Turtle, JSON-LD or RDF/XML). */
export const harvestSourceSchema = z.object({
  /** The catalogue document's http(s) URL (or a file path on the hub's machine). */
  url: z.string().min(1),
  /** Minutes between the end of one run and the start of the next; default one day. */
  interval: z.number().positive().default(1440),
  /** How long to wait for the source to answer, in seconds; default 30. */
  timeoutSeconds: z.number().positive().max(600).default(30),
});
export type HarvestSourceConfig = z.infer<typeof harvestSourceSchema>;

const bool = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
]);

export const hubConfigSchema = z.object({
  /** Public base URL of the hub (CIE_HUB_PUBLIC_URL), e.g. https://hub.example.org. Unset: taken from the request. */
  publicUrl: z.string().url().optional(),
  /** Trust X-Forwarded-* from a reverse proxy in front (CIE_HUB_TRUST_PROXY): client IPs, https. */
  trustProxy: bool.default(false),
  /** Largest accepted request body in bytes (CIE_HUB_BODY_LIMIT). */
  bodyLimit: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Mark session cookies Secure (CIE_HUB_SECURE_COOKIES). Default: when publicUrl is https. */
  secureCookies: bool.optional(),
  /** Sessions end after this long without a request (CIE_HUB_SESSION_IDLE_MINUTES). */
  sessionIdleMinutes: z.coerce.number().int().min(1).default(120),
  /** Sessions end this long after sign-in whatever the activity (CIE_HUB_SESSION_MAX_HOURS). */
  sessionMaxHours: z.coerce.number().int().min(1).default(24),
  /**
   * Anyone may ask for a local account by e-mail (CIE_HUB_ALLOW_SIGNUP); off by default, on in
   * `cie demo`. Off: accounts come from an administrator, an invitation or OpenID Connect.
   */
  allowSignup: bool.default(false),
  /** Sign-in attempts per IP per minute (CIE_HUB_SIGNIN_PER_MINUTE). */
  signInPerMinute: z.coerce.number().int().min(1).default(10),
  /** Failed sign-ins per address or e-mail before delays start (CIE_HUB_SIGNIN_FREE_FAILURES). */
  signInFreeFailures: z.coerce.number().int().min(0).default(3),
  /** Longest wait forced on one e-mail's sign-ins (CIE_HUB_SIGNIN_ACCOUNT_MAX_DELAY_SECONDS): the owner's worst case. */
  signInAccountMaxDelaySeconds: z.coerce.number().int().min(1).default(30),
  /** Longest wait forced on one client address's sign-ins (CIE_HUB_SIGNIN_ADDRESS_MAX_DELAY_SECONDS). */
  signInAddressMaxDelaySeconds: z.coerce.number().int().min(1).default(900),
  /** Days an invitation or sign-up link stays valid (CIE_HUB_INVITATION_DAYS). */
  invitationDays: z.coerce.number().int().min(1).max(90).default(7),
  /** Largest access-request attachment in bytes (CIE_HUB_ATTACHMENT_MAX_BYTES); default 10 MiB. */
  attachmentMaxBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  /** OpenID Connect providers (CIE_HUB_OIDC_PROVIDERS, a JSON array). */
  oidcProviders: z.array(oidcProviderSchema).default([]),
  /** Catalogues harvested on a schedule (CIE_HUB_HARVEST_SOURCES, a JSON array of {url, interval, timeoutSeconds}). */
  harvestSources: z.array(harvestSourceSchema).default([]),
  /** Federated searches one user may start per rolling hour; 0: no limit (CIE_HUB_SEARCHES_PER_HOUR). */
  searchesPerHour: z.coerce.number().int().min(0).default(120),
  /**
   * Searches all users of one organisation may start per rolling hour; 0: no limit
   * (CIE_HUB_SEARCHES_PER_HOUR_PER_ORGANISATION). A user counts for the organisation they
   * represent, else for their e-mail domain.
   */
  searchesPerHourPerOrganisation: z.coerce.number().int().min(0).default(600),
  /** Searches one client address may start per rolling hour; 0: no limit (CIE_HUB_SEARCHES_PER_HOUR_PER_ADDRESS). */
  searchesPerHourPerAddress: z.coerce.number().int().min(0).default(240),
  /**
   * Privacy loss (ε, as the nodes report it) one user may spend at one node per period; 0: no
   * limit (CIE_HUB_PRIVACY_BUDGET_EPSILON). Only nodes that add noise (CIE_PRIVACY_EPSILON) spend it.
   */
  privacyBudgetEpsilon: z.coerce.number().min(0).default(20),
  /** The period of the privacy budget, in hours, rolling (CIE_HUB_PRIVACY_BUDGET_HOURS). */
  privacyBudgetHours: z.coerce.number().positive().default(24),
  /** Where the EUCAIM Lens-compatible search backend ("Spot") lives (CIE_HUB_SPOT_BASE_PATH). */
  spotBasePath: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)+$/, 'a path like /api/v1/spot')
    .default('/api/v1/spot'),
  /** Origin of a Lens front end allowed to call the Spot routes with credentials (CIE_HUB_SPOT_ORIGIN). */
  spotOrigin: z.string().url().optional(),
  /** E-mail: outbox (demo default), SMTP with TLS and authentication, or off (mail-config.ts). */
  mail: mailConfigSchema.prefault({}),
  /** CORS of the DICOMweb relay /dicomweb/datasets/… (CIE_HUB_DICOMWEB_CORS_*; cors-config.ts). */
  dicomwebCors: corsConfigSchema.prefault({}),
});
export type HubConfig = z.infer<typeof hubConfigSchema>;

/** The CIE_HUB_* variables as raw values for the schema (unset ones left out). */
export function hubConfigFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    publicUrl: env.CIE_HUB_PUBLIC_URL,
    trustProxy: env.CIE_HUB_TRUST_PROXY,
    bodyLimit: env.CIE_HUB_BODY_LIMIT,
    secureCookies: env.CIE_HUB_SECURE_COOKIES,
    sessionIdleMinutes: env.CIE_HUB_SESSION_IDLE_MINUTES,
    sessionMaxHours: env.CIE_HUB_SESSION_MAX_HOURS,
    allowSignup: env.CIE_HUB_ALLOW_SIGNUP,
    signInPerMinute: env.CIE_HUB_SIGNIN_PER_MINUTE,
    signInFreeFailures: env.CIE_HUB_SIGNIN_FREE_FAILURES,
    signInAccountMaxDelaySeconds: env.CIE_HUB_SIGNIN_ACCOUNT_MAX_DELAY_SECONDS,
    signInAddressMaxDelaySeconds: env.CIE_HUB_SIGNIN_ADDRESS_MAX_DELAY_SECONDS,
    invitationDays: env.CIE_HUB_INVITATION_DAYS,
    attachmentMaxBytes: env.CIE_HUB_ATTACHMENT_MAX_BYTES,
    oidcProviders: env.CIE_HUB_OIDC_PROVIDERS ? parseJson(env.CIE_HUB_OIDC_PROVIDERS) : undefined,
    harvestSources: env.CIE_HUB_HARVEST_SOURCES
      ? parseJson(env.CIE_HUB_HARVEST_SOURCES, 'CIE_HUB_HARVEST_SOURCES')
      : undefined,
    searchesPerHour: env.CIE_HUB_SEARCHES_PER_HOUR,
    searchesPerHourPerOrganisation: env.CIE_HUB_SEARCHES_PER_HOUR_PER_ORGANISATION,
    searchesPerHourPerAddress: env.CIE_HUB_SEARCHES_PER_HOUR_PER_ADDRESS,
    privacyBudgetEpsilon: env.CIE_HUB_PRIVACY_BUDGET_EPSILON,
    privacyBudgetHours: env.CIE_HUB_PRIVACY_BUDGET_HOURS,
    spotBasePath: env.CIE_HUB_SPOT_BASE_PATH,
    spotOrigin: env.CIE_HUB_SPOT_ORIGIN,
    mail: mailConfigFromEnv(env),
    dicomwebCors: corsConfigFromEnv(env, 'CIE_HUB_DICOMWEB'),
  };
  for (const [k, v] of Object.entries(raw)) if (v === undefined || v === '') delete raw[k];
  return raw;
}

function parseJson(text: string, variable = 'CIE_HUB_OIDC_PROVIDERS'): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return `${variable} is not valid JSON`;
  }
}

/** A complete hub configuration with defaults, for tests and embedding (`cie demo`). */
export function hubConfig(overrides: Partial<z.input<typeof hubConfigSchema>> = {}): HubConfig {
  return hubConfigSchema.parse(overrides);
}
