/**
 * Checking a token the hub signed for this node (a relay assertion, a job envelope): EdDSA with
 * the hub key pinned at enrolment, issued by that hub, for this node, alive (5 s clock tolerance),
 * short-lived and naming a user. Anything else is FORBIDDEN with the reason; callers add their own
 * claims' checks and audit refusals.
 */
import { errors, importJWK, jwtVerify, type JWTPayload } from 'jose';
import { CieError } from '../../errors.js';
import { hubAudience } from '../../model/hub-key.js';
import { nodeAudience } from '../../model/relay.js';
import type { NodeIdentity } from './node-identity.repository.js';

export const CLOCK_TOLERANCE_S = 5;

export interface HubToken {
  payload: JWTPayload;
  userId: number;
  jti: string;
  /** Expiry, in seconds since the epoch. */
  exp: number;
  refuse: (reason: string) => CieError;
}

/** Verifies `token` as a hub-signed `what` (named in refusals) living at most `maxTtlS` seconds. */
export async function verifyHubToken(
  identity: NodeIdentity,
  token: string,
  what: string,
  maxTtlS: number,
): Promise<HubToken> {
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
  if (exp - iat > maxTtlS) throw refuse(`lives ${exp - iat} s, more than ${maxTtlS} s`);
  const userId = /^user:(\d+)$/.exec(sub)?.[1];
  if (!userId) throw refuse('no user');
  return { payload, userId: Number(userId), jti, exp, refuse };
}
