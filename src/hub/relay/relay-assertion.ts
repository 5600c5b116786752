/**
 * The hub's signed assertion on a relayed DICOMweb request: EdDSA with the hub key nodes pinned
 * at enrolment; `iss` the hub's audience, `aud` the one node, `sub` the user, `dataset` and
 * `grant`, a fresh `jti`, alive for 30 s (nodes refuse more than 60 s).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { nodeAudience, type RelayClaims } from '../../model/relay.js';
import type { HubKeys } from '../nodes/hub-keys.js';

export const ASSERTION_TTL_S = 30;

export function signRelayAssertion(
  hubKeys: HubKeys,
  a: { userId: number; nodeId: number; dataset: string; grantId: number },
): Promise<string> {
  const claims: RelayClaims = { dataset: a.dataset, grant: a.grantId };
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setIssuer(hubKeys.audience)
    .setAudience(nodeAudience(a.nodeId))
    .setSubject(`user:${a.userId}`)
    .setIssuedAt()
    .setExpirationTime(`${ASSERTION_TTL_S}s`)
    .setJti(randomUUID())
    .sign(hubKeys.privateKey);
}
