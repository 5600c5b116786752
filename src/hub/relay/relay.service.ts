/**
 * The hub's DICOMweb relay: a grantee's request on `/dicomweb/datasets/{slug}/…` is checked (path,
 * dataset, grant in force now), signed (assertion for the dataset's node) and forwarded through
 * the tunnel as a streamed task. Every refusal is audited; forwarded requests are counted into one
 * `dicomweb.download` record per burst (user, dataset, address).
 */
import type { Kysely } from 'kysely';
import { audit } from '../../audit/audit.js';
import { coalesceAudit } from '../../audit/coalesce.js';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { RELAY_TASK, type RelayPayloadInput } from '../../model/relay.js';
import { findActiveGrant } from '../access/grant.repository.js';
import { findEntryBySlug } from '../catalogue/catalogue.repository.js';
import type { HubKeys } from '../nodes/hub-keys.js';
import type { TunnelStream } from '../tunnel/incoming-stream.js';
import type { TunnelHub } from '../tunnel/tunnel.hub.js';
import { signRelayAssertion } from './relay-assertion.js';
import { checkRelayPath } from './relay-path.js';

export interface RelayDeps {
  db: Kysely<HubDB>;
  /** The hub's tunnel and key; without them (a hub with no tunnel) every node is offline. */
  logger?: Logger | undefined;
  tunnel?: { hubKeys: HubKeys; tunnel: Pick<TunnelHub, 'onlineNodes' | 'sendStreamTask'> } | undefined;
}

export interface RelayRequest {
  userId: number;
  slug: string;
  /** The raw path below the dataset root, e.g. `/studies/1.2.3/series`. */
  path: string;
  query: string;
  accept?: string | undefined;
  range?: string | undefined;
  ifRange?: string | undefined;
  /** The public root of this dataset's relay: URLs in answers point here. */
  baseUrl: string;
  ip: string;
  /** Aborted when the researcher's client goes away before the answer has started. */
  signal: AbortSignal;
}

/** Time a node has to start answering (the stream itself then runs as long as it is read). */
const HEAD_DEADLINE_MS = 30_000;

export async function relayDicomweb(deps: RelayDeps, r: RelayRequest): Promise<TunnelStream> {
  const record = (outcome: 'success' | 'denied' | 'failure', details: Record<string, unknown>) =>
    audit(deps.db, {
      actor: `user:${r.userId}`,
      action: 'dicomweb.relay',
      outcome,
      target: `dataset:${r.slug}`,
      ip: r.ip,
      details: { path: r.path.slice(0, 300), ...details },
    });
  try {
    checkRelayPath(r.path);
  } catch (err) {
    await record('denied', { reason: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  const entry = await findEntryBySlug(deps.db, r.slug);
  if (!entry || entry.origin !== 'node' || entry.organisation_id === null) {
    await record('denied', { reason: 'unknown dataset' });
    throw new CieError('NOT_FOUND', `no dataset ${r.slug} served by a node of this hub`);
  }
  const grant = await findActiveGrant(deps.db, { userId: r.userId, catalogueEntryId: Number(entry.id) });
  if (!grant) {
    await record('denied', { reason: 'no grant in force (none, expired or revoked)' });
    throw new CieError(
      'FORBIDDEN',
      `you hold no grant in force for dataset ${r.slug}: request access from the catalogue page (an expired or revoked grant no longer works)`,
    );
  }
  const organisationId = Number(entry.organisation_id);
  const t = deps.tunnel;
  const node = t?.tunnel
    .onlineNodes()
    .find((n) => n.organisationId === organisationId && n.capabilities.includes(RELAY_TASK));
  if (!t || !node) {
    await record('failure', { grant: grant.id, reason: 'node offline' });
    throw new CieError('NODE_UNAVAILABLE', `the node holding ${r.slug} is offline: try again later`);
  }
  const payload: RelayPayloadInput = {
    assertion: await signRelayAssertion(t.hubKeys, {
      userId: r.userId,
      nodeId: node.nodeId,
      dataset: entry.identifier,
      grantId: grant.id,
    }),
    dataset: entry.identifier,
    path: r.path,
    query: r.query,
    baseUrl: r.baseUrl,
    ...(r.accept ? { accept: r.accept } : {}),
    ...(r.range ? { range: r.range } : {}),
    ...(r.ifRange ? { ifRange: r.ifRange } : {}),
  };
  try {
    const stream = await t.tunnel.sendStreamTask(node.nodeId, RELAY_TASK, payload, {
      deadlineMs: HEAD_DEADLINE_MS,
      signal: r.signal,
    });
    // One audit record per download (its counts by kind), not one per request: src/audit/coalesce.ts.
    // Written while the answer streams: its start need not wait for the audit's transaction.
    const download = {
      actor: `user:${r.userId}`,
      action: 'dicomweb.download',
      target: `dataset:${r.slug}`,
      ip: r.ip,
    };
    coalesceAudit(deps.db, download, relayKind(r.path)).catch((err: unknown) =>
      deps.logger?.error({ err: err instanceof Error ? err.message : String(err) }, 'relay audit failed'),
    );
    return stream;
  } catch (err) {
    const code = err instanceof CieError ? err.code : 'INTERNAL';
    await record(code === 'FORBIDDEN' ? 'denied' : 'failure', {
      grant: grant.id,
      node: node.nodeId,
      reason: err instanceof Error ? err.message : String(err),
    });
    throw err;
  }
}

/** What a relayed request retrieves, for the download record's counts. */
export function relayKind(path: string): string {
  if (/\/frames\//.test(path)) return 'frames';
  if (/\/rendered$|\/thumbnail$/.test(path)) return 'rendered';
  if (/\/metadata$/.test(path)) return 'metadata';
  if (/\/instances\/[^/]+$/.test(path)) return 'instances';
  if (/\/series\/[^/]+$/.test(path)) return 'series';
  if (/^\/studies\/[^/]+$/.test(path)) return 'studies';
  return 'searches';
}
