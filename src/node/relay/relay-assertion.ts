/**
 * Checking the hub's signed assertion on a relayed DICOMweb request: EdDSA, signed by the hub key
 * pinned at enrolment, issued by that hub, for this node, for the dataset asked, alive (at most
 * 60 s, 5 s clock tolerance) and never seen before (jti kept until it expires). Anything else is
 * FORBIDDEN with the reason, which the node also audits.
 */
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { MAX_ASSERTION_TTL_S } from '../../model/relay.js';
import { CLOCK_TOLERANCE_S, verifyHubToken } from '../tunnel/hub-token.js';
import type { NodeIdentity } from '../tunnel/node-identity.repository.js';

export interface VerifiedAssertion {
  userId: number;
  dataset: string;
  grantId: number;
  jti: string;
  expiresAt: Date;
}

export async function verifyRelayAssertion(
  db: Kysely<NodeDB>,
  identity: NodeIdentity,
  token: string,
  dataset: string,
): Promise<VerifiedAssertion> {
  const { payload, userId, jti, exp, refuse } = await verifyHubToken(
    identity,
    token,
    'relay assertion',
    MAX_ASSERTION_TTL_S,
  );
  const claimedDataset = (payload as { dataset?: unknown }).dataset;
  const grant = (payload as { grant?: unknown }).grant;
  if (claimedDataset !== dataset) throw refuse(`made for another dataset than ${dataset}`);
  if (typeof grant !== 'number') throw refuse('no grant');
  const expiresAt = new Date((exp + CLOCK_TOLERANCE_S) * 1000);
  await db.deleteFrom('relay_assertion_jti').where('expires_at', '<', new Date()).execute();
  const inserted = await db
    .insertInto('relay_assertion_jti')
    .values({ jti, expires_at: expiresAt })
    .onConflict((oc) => oc.column('jti').doNothing())
    .returning('jti')
    .executeTakeFirst();
  if (!inserted) throw refuse('replayed (this assertion was already used)');
  return { userId, dataset, grantId: grant, jti, expiresAt };
}
