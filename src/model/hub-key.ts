/**
 * Keys both ends see: a node's or the hub's Ed25519 public key as a JWK, and the hub's identity
 * derived from its signing key (the issuer of everything it signs for nodes, and the audience of
 * what nodes sign for it).
 */
import { calculateJwkThumbprint, type JWK } from 'jose';
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

/** The hub's name as issuer and audience: its signing key's RFC 7638 thumbprint. */
export function hubAudience(publicJwk: JWK): Promise<string> {
  return calculateJwkThumbprint(publicJwk).then((t) => `urn:cie:hub:${t}`);
}
