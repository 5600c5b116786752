/**
 * What the hub signs for a node (EdDSA, the hub key nodes pinned at enrolment): the job envelope
 * for one site, and a representative's airlock request. `aud` names the one node, `sub` the user,
 * a fresh `jti` makes each usable once.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { AirlockClaims, JobClaims } from '../../model/jobs/jobs.js';
import { nodeAudience } from '../../model/relay.js';
import type { HubKeys } from '../nodes/hub-keys.js';

/** Envelopes are used as soon as the node receives them. */
export const ENVELOPE_TTL_S = 120;
export const AIRLOCK_TTL_S = 30;

function signForNode(
  hubKeys: HubKeys,
  nodeId: number,
  userId: number,
  claims: JWTPayload,
  ttlS: number,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setIssuer(hubKeys.audience)
    .setAudience(nodeAudience(nodeId))
    .setSubject(`user:${userId}`)
    .setIssuedAt()
    .setExpirationTime(`${ttlS}s`)
    .setJti(randomUUID())
    .sign(hubKeys.privateKey);
}

export function signJobEnvelope(
  hubKeys: HubKeys,
  nodeId: number,
  userId: number,
  claims: JobClaims,
): Promise<string> {
  return signForNode(hubKeys, nodeId, userId, { ...claims }, ENVELOPE_TTL_S);
}

export function signAirlockAssertion(
  hubKeys: HubKeys,
  nodeId: number,
  userId: number,
  claims: AirlockClaims,
): Promise<string> {
  return signForNode(hubKeys, nodeId, userId, { ...claims }, AIRLOCK_TTL_S);
}
