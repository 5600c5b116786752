/**
 * Node enrolment and administration: one-time enrolment tokens, enrolling a node's public key,
 * listing nodes with their live tunnel status, revoking a node.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import type { Kysely } from 'kysely';
import { CieError } from '../../errors.js';
import type { HubDB } from '../../db/schema.js';
import type { HubKeys } from './hub-keys.js';
import * as repo from './nodes.repository.js';
import type { EnrolRequest } from './nodes.schema.js';

/** An audit sink (hubcore's audit log once merged); refusals and admin actions are reported. */
export type AuditFn = (event: {
  action: string;
  outcome: 'success' | 'refused';
  subject?: string;
  details?: Record<string, unknown>;
}) => Promise<void>;

/**
 * Whether an organisation has accepted the current provider rules. Until hubcore's
 * `hasAcceptedProviderRules` is wired in, the default only requires a provider organisation.
 */
export type ProviderRulesCheck = (db: Kysely<HubDB>, organisationId: number) => Promise<boolean>;

export const requireProviderOrganisation: ProviderRulesCheck = async (db, organisationId) =>
  (await repo.findOrganisation(db, organisationId))?.kind === 'provider';

export function hashEnrolmentToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface IssuedToken {
  token: string;
  organisationId: number;
  expiresAt: string;
}

export async function issueEnrolmentToken(
  db: Kysely<HubDB>,
  input: { organisationId: number; ttlSeconds: number },
): Promise<IssuedToken> {
  const org = await repo.findOrganisation(db, input.organisationId);
  if (!org) throw new CieError('NOT_FOUND', `organisation ${input.organisationId} does not exist`);
  const token = `cie-enrol-${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + input.ttlSeconds * 1000);
  await repo.insertEnrolmentToken(db, {
    tokenHash: hashEnrolmentToken(token),
    organisationId: input.organisationId,
    expiresAt,
  });
  return { token, organisationId: input.organisationId, expiresAt: expiresAt.toISOString() };
}

export interface EnrolDeps {
  db: Kysely<HubDB>;
  hubKeys: HubKeys;
  audit?: AuditFn | undefined;
  providerRulesAccepted?: ProviderRulesCheck | undefined;
}

export interface Enrolment {
  nodeId: number;
  organisationId: number;
  hubPublicKey: JWK;
  /** The audience the node puts in its tunnel tokens. */
  audience: string;
  /** Path of the tunnel WebSocket on the hub. */
  tunnelPath: string;
}

export const TUNNEL_PATH = '/api/v1/nodes/tunnel';

/**
 * Enrol a node with a one-time token. All in one transaction: a refusal at any step leaves the
 * token unused and no node row behind.
 */
export async function enrolNode(deps: EnrolDeps, input: EnrolRequest): Promise<Enrolment> {
  const check = deps.providerRulesAccepted ?? requireProviderOrganisation;
  try {
    const { nodeId, organisationId } = await deps.db.transaction().execute(async (tx) => {
      const token = await repo.lockEnrolmentToken(tx, hashEnrolmentToken(input.token));
      if (!token)
        throw new CieError('UNAUTHENTICATED', 'unknown enrolment token: ask a hub admin for a new one');
      if (token.used_at) {
        throw new CieError(
          'UNAUTHENTICATED',
          'this enrolment token has already been used: ask a hub admin for a new one',
        );
      }
      if (token.expires_at.getTime() <= Date.now()) {
        throw new CieError(
          'UNAUTHENTICATED',
          'this enrolment token has expired: ask a hub admin for a new one',
        );
      }
      const organisationId = Number(token.organisation_id);
      if (!(await check(tx, organisationId))) {
        throw new CieError(
          'FORBIDDEN',
          `organisation ${organisationId} has not accepted the provider rules: a representative must accept them before a node can enrol`,
        );
      }
      const nodeId = await repo.insertNode(tx, {
        organisationId,
        name: input.name,
        publicKey: input.publicKey,
        version: input.version ?? null,
      });
      await repo.markEnrolmentTokenUsed(tx, Number(token.id), nodeId);
      return { nodeId, organisationId };
    });
    await deps.audit?.({
      action: 'node.enrol',
      outcome: 'success',
      subject: `node:${nodeId}`,
      details: { organisationId, name: input.name },
    });
    return {
      nodeId,
      organisationId,
      hubPublicKey: deps.hubKeys.publicJwk,
      audience: deps.hubKeys.audience,
      tunnelPath: TUNNEL_PATH,
    };
  } catch (err) {
    if (err instanceof CieError) {
      await deps.audit?.({ action: 'node.enrol', outcome: 'refused', details: { reason: err.message } });
    }
    throw err;
  }
}

/** What the tunnel knows about a connected node. */
export interface LiveNodeStatus {
  connectedAt: Date;
  lastSeen: Date;
  rttMs: number | null;
  version: string;
  inFlight: number;
  queued: number;
}

export interface NodeView {
  id: number;
  organisationId: number;
  name: string;
  status: 'active' | 'revoked';
  online: boolean;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeen: string | null;
  version: string | null;
  rttMs: number | null;
  inFlight: number;
  queued: number;
}

export async function listNodes(
  db: Kysely<HubDB>,
  live: (nodeId: number) => LiveNodeStatus | undefined,
): Promise<NodeView[]> {
  return (await repo.listNodeRows(db)).map((row) => presentNode(row, live(row.id)));
}

export async function revokeNode(
  deps: { db: Kysely<HubDB>; audit?: AuditFn | undefined; disconnect: (nodeId: number) => void },
  nodeId: number,
): Promise<NodeView> {
  const row = await repo.findNode(deps.db, nodeId);
  if (!row) throw new CieError('NOT_FOUND', `node ${nodeId} does not exist`);
  await repo.setNodeRevoked(deps.db, nodeId);
  deps.disconnect(nodeId);
  await deps.audit?.({ action: 'node.revoke', outcome: 'success', subject: `node:${nodeId}` });
  const after = await repo.findNode(deps.db, nodeId);
  if (!after) throw new CieError('NOT_FOUND', `node ${nodeId} does not exist`);
  return presentNode(after, undefined);
}

function presentNode(row: repo.NodeRow, live: LiveNodeStatus | undefined): NodeView {
  const lastSeen = live?.lastSeen ?? row.last_seen;
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    status: row.status,
    online: live !== undefined,
    enrolledAt: row.enrolled_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastSeen: lastSeen?.toISOString() ?? null,
    version: live?.version ?? row.version,
    rttMs: live?.rttMs ?? row.rtt_ms,
    inFlight: live?.inFlight ?? 0,
    queued: live?.queued ?? 0,
  };
}
