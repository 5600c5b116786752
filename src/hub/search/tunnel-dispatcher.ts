/**
 * The broker's way to the nodes in production: registered (non-revoked) nodes from the hub's
 * node table, online when their tunnel is up, asked with `tunnel.sendTask(nodeId, 'search',
 * {query}, {deadlineMs, signal})`. A reply that is not a Focus answer counts as a failure.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { listNodeRows } from '../nodes/nodes.repository.js';
import type { TunnelHub } from '../tunnel/tunnel.hub.js';
import type { NodeDispatcher, NodeInfo } from './node-dispatcher.js';
import { type FocusAnswer, SEARCH_TASK } from '../../model/search-answer.js';

const focusAnswer = z
  .object({ provider: z.string(), collections: z.array(z.object({ id: z.string() }).passthrough()) })
  .passthrough();

export function tunnelNodeDispatcher(
  db: Kysely<HubDB>,
  tunnel: Pick<TunnelHub, 'sendTask' | 'onlineNodes'>,
): NodeDispatcher {
  return {
    nodes: async (): Promise<NodeInfo[]> => {
      const online = new Set(tunnel.onlineNodes().map((n) => n.nodeId));
      const rows = await listNodeRows(db);
      return rows
        .filter((r) => r.revoked_at === null)
        .map((r) => ({ id: Number(r.id), name: r.name, online: online.has(Number(r.id)) }));
    },
    send: async (nodeId, query, deadlineMs, signal) => {
      const reply = await tunnel.sendTask(
        nodeId,
        SEARCH_TASK,
        { query },
        { deadlineMs, ...(signal ? { signal } : {}) },
      );
      const parsed = focusAnswer.safeParse(reply);
      if (!parsed.success)
        throw new CieError('INTERNAL', `node ${nodeId} sent something that is not a search answer`);
      return parsed.data as unknown as FocusAnswer;
    },
  };
}
