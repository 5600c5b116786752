/**
 * Authenticating a node that opens the tunnel: a short-lived EdDSA JWT signed with the node's
 * enrolled key (sub = node id, aud = this hub, iat/exp, jti). Forged, expired, over-long,
 * replayed (jti seen before) and revoked-node tokens are refused.
 */
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import type { Kysely } from 'kysely';
import { CieError, errorMessage } from '../../errors.js';
import type { HubDB } from '../../db/schema.js';
import type { HubKeys } from '../nodes/hub-keys.js';
import { findNode, forgetExpiredTokenIds, rememberTokenId } from '../nodes/nodes.repository.js';

/** Longest token lifetime (exp − iat) the hub accepts, in seconds. */
export const MAX_NODE_TOKEN_LIFETIME_S = 120;
const CLOCK_TOLERANCE_S = 5;

export interface AuthenticatedNode {
  nodeId: number;
  organisationId: number;
}

const refused = (why: string) => new CieError('UNAUTHENTICATED', `node token refused: ${why}`);

export async function authenticateNode(
  db: Kysely<HubDB>,
  hubKeys: HubKeys,
  token: string,
): Promise<AuthenticatedNode> {
  let sub: string | undefined;
  try {
    if (decodeProtectedHeader(token).alg !== 'EdDSA') throw refused('alg must be EdDSA');
    sub = decodeJwt(token).sub;
  } catch (err) {
    if (err instanceof CieError) throw err;
    throw refused('not a JWT');
  }
  const nodeId = Number(sub);
  if (!sub || !Number.isSafeInteger(nodeId) || nodeId <= 0) throw refused('sub must be the node id');
  const node = await findNode(db, nodeId);
  if (!node) throw refused(`node ${nodeId} is not enrolled`);
  if (node.status === 'revoked') {
    throw new CieError('FORBIDDEN', `node ${nodeId} has been revoked: enrol it again with a new token`);
  }
  const key = await importJWK({ ...node.public_key, alg: 'EdDSA' }, 'EdDSA');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['EdDSA'],
      audience: hubKeys.audience,
      subject: String(nodeId),
      requiredClaims: ['jti', 'iat', 'exp'],
      clockTolerance: CLOCK_TOLERANCE_S,
      maxTokenAge: `${MAX_NODE_TOKEN_LIFETIME_S + CLOCK_TOLERANCE_S}s`,
    }));
  } catch (err) {
    throw refused(errorMessage(err));
  }
  const { iat, exp, jti } = payload;
  if (iat === undefined || exp === undefined || !jti) throw refused('iat, exp and jti are required');
  if (exp - iat > MAX_NODE_TOKEN_LIFETIME_S) throw refused(`lifetime over ${MAX_NODE_TOKEN_LIFETIME_S} s`);
  await forgetExpiredTokenIds(db);
  const fresh = await rememberTokenId(db, {
    jti: `${nodeId}:${jti}`,
    nodeId,
    expiresAt: new Date((exp + CLOCK_TOLERANCE_S) * 1000),
  });
  if (!fresh) throw refused('this token was already used (replay)');
  return { nodeId, organisationId: node.organisation_id };
}
