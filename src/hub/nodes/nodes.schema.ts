/** Request and response shapes of the node admin and enrolment API. */
import { z } from 'zod';

/** An Ed25519 public key as a JWK (RFC 8037). A private part ("d") is refused. */
export const ed25519PublicJwk = z
  .object({
    kty: z.literal('OKP'),
    crv: z.literal('Ed25519'),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'x must be 32 bytes in base64url'),
    kid: z.string().max(200).optional(),
    alg: z.literal('EdDSA').optional(),
    use: z.literal('sig').optional(),
  })
  .strict();

export const enrolRequest = z.object({
  token: z.string().min(10).max(200),
  publicKey: ed25519PublicJwk,
  name: z.string().trim().min(1).max(200),
  version: z.string().max(64).optional(),
});
export type EnrolRequest = z.infer<typeof enrolRequest>;

export const issueTokenRequest = z.object({
  organisationId: z.number().int().positive(),
  /** How long the token stays valid (default 24 h, at most 7 days). */
  ttlSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(24 * 3600),
});

export const nodeIdParams = z.object({ id: z.coerce.number().int().positive() });
