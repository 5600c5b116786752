/**
 * Checking the hub's signed assertion on a relayed DICOMweb request: EdDSA, signed by the hub key
 * pinned at enrolment, issued by that hub, for this node, for the dataset asked, alive (at most
 * 60 s, 5 s clock tolerance) and never seen before (jti kept until it expires). Anything else is
 * FORBIDDEN with the reason, which the node also audits.
 */
import { errors, importJWK, jwtVerify, type JWTPayload } from 'jose';
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { hubAudience } from '../../hub/nodes/hub-keys.js';
import { MAX_ASSERTION_TTL_S, nodeAudience } from '../../model/relay.js';
import type { NodeIdentity } from '../tunnel/node-identity.repository.js';

export interface VerifiedAssertion {
  userId: number;
  dataset: string;
  grantId: number;
  jti: string;
  expiresAt: Date;
}

const CLOCK_TOLERANCE_S = 5;

function refuse(reason: string): CieError {
  return new CieError('FORBIDDEN', `relay assertion refused: ${reason}`);
}

export async function verifyRelayAssertion(
  db: Kysely<NodeDB>,
  identity: NodeIdentity,
  token: string,
  dataset: string,
): Promise<VerifiedAssertion> {
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
  if (exp - iat > MAX_ASSERTION_TTL_S)
    throw refuse(`lives ${exp - iat} s, more than ${MAX_ASSERTION_TTL_S} s`);
  const claimedDataset = (payload as { dataset?: unknown }).dataset;
  const grant = (payload as { grant?: unknown }).grant;
  if (claimedDataset !== dataset) throw refuse(`made for another dataset than ${dataset}`);
  const userId = /^user:(\d+)$/.exec(sub)?.[1];
  if (!userId || typeof grant !== 'number') throw refuse('no user or grant');
  const expiresAt = new Date((exp + CLOCK_TOLERANCE_S) * 1000);
  await db.deleteFrom('relay_assertion_jti').where('expires_at', '<', new Date()).execute();
  const inserted = await db
    .insertInto('relay_assertion_jti')
    .values({ jti, expires_at: expiresAt })
    .onConflict((oc) => oc.column('jti').doNothing())
    .returning('jti')
    .executeTakeFirst();
  if (!inserted) throw refuse('replayed (this assertion was already used)');
  return { userId: Number(userId), dataset, grantId: grant, jti, expiresAt };
}
