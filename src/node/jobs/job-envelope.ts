/**
 * Checking what the hub signed for this node: EdDSA with the hub key pinned at enrolment, issued
 * by that hub, for this node, alive (5 s clock tolerance) and short-lived. A forged, expired or
 * misdirected envelope is refused (FORBIDDEN) with the reason; the caller audits it.
 */
import { errors, importJWK, jwtVerify, type JWTPayload } from 'jose';
import type { z } from 'zod';
import { CieError } from '../../errors.js';
import { hubAudience } from '../../hub/nodes/hub-keys.js';
import { MAX_ENVELOPE_TTL_S } from '../../model/jobs/jobs.js';
import { nodeAudience } from '../../model/relay.js';
import type { NodeIdentity } from '../tunnel/node-identity.repository.js';

const CLOCK_TOLERANCE_S = 5;

export interface Verified<T> {
  userId: number;
  jti: string;
  claims: T;
}

export async function verifyHubSigned<S extends z.ZodType>(
  identity: NodeIdentity,
  token: string,
  schema: S,
  what: string,
): Promise<Verified<z.infer<S>>> {
  const refuse = (reason: string) => new CieError('FORBIDDEN', `${what} refused: ${reason}`);
  const key = await importJWK(identity.hubPublicKey, 'EdDSA');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['EdDSA'],
      audience: nodeAudience(identity.nodeId),
      issuer: await hubAudience(identity.hubPublicKey),
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw refuse('expired');
    if (err instanceof errors.JWSSignatureVerificationFailed)
      throw refuse('bad signature (not signed by the pinned hub key)');
    if (err instanceof errors.JWTClaimValidationFailed)
      throw refuse(`claim ${err.claim} is wrong (${err.reason})`);
    throw refuse(err instanceof Error ? err.message : 'malformed');
  }
  const { exp, iat, jti, sub } = payload as Required<Pick<JWTPayload, 'exp' | 'iat' | 'jti' | 'sub'>>;
  if (exp - iat > MAX_ENVELOPE_TTL_S) throw refuse(`lives ${exp - iat} s, more than ${MAX_ENVELOPE_TTL_S} s`);
  const userId = /^user:(\d+)$/.exec(sub)?.[1];
  if (!userId) throw refuse('no user');
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refuse(`malformed claims (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`);
  }
  return { userId: Number(userId), jti, claims: parsed.data };
}
