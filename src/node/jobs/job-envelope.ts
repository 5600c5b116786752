/**
 * Checking a job envelope the hub signed for this node: a hub token (../tunnel/hub-token.ts) whose
 * claims match the schema. A forged, expired, misdirected or malformed envelope is refused
 * (FORBIDDEN) with the reason; the caller audits it.
 */
import type { z } from 'zod';
import { MAX_ENVELOPE_TTL_S } from '../../model/jobs/jobs.js';
import { verifyHubToken } from '../tunnel/hub-token.js';
import type { NodeIdentity } from '../tunnel/node-identity.repository.js';

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
  const { payload, userId, jti, refuse } = await verifyHubToken(identity, token, what, MAX_ENVELOPE_TTL_S);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refuse(`malformed claims (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`);
  }
  return { userId, jti, claims: parsed.data };
}
