/**
 * The hub's side of the tunnel, as other features use it: which nodes are online, and
 * `sendTask(nodeId, kind, payload)` which runs a task on a node and resolves with its result.
 */
import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import { CieError, errorMessage } from '../../errors.js';
import type { HubDB } from '../../db/schema.js';
import type { Logger } from '../../log.js';
import { closeCodes, DEFAULT_MAX_FRAME_BYTES } from '../../model/tunnel-protocol.js';
import { recordNodeSeen } from '../nodes/nodes.repository.js';
import type { LiveNodeStatus } from '../nodes/nodes.service.js';
import type { TunnelStream } from './incoming-stream.js';
import { NodeConnection, type ConnectionSettings } from './node-connection.js';

export interface TunnelHubOptions extends Partial<ConnectionSettings> {
  db: Kysely<HubDB>;
  logger: Logger;
  /** Deadline of a task when the caller gives none (ms). */
  defaultDeadlineMs?: number;
}

export interface SendTaskOptions {
  /** Time the node has to answer, in ms (default 30 s). */
  deadlineMs?: number;
  /** Aborting cancels the task at the node and rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface OnlineNode extends LiveNodeStatus {
  nodeId: number;
  organisationId: number;
  capabilities: readonly string[];
}

export class TunnelHub {
  readonly settings: ConnectionSettings;
  private readonly db: Kysely<HubDB>;
  private readonly logger: Logger;
  private readonly defaultDeadlineMs: number;
  /** Connections that completed the handshake, one per node. */
  private readonly ready = new Map<number, NodeConnection>();
  /** Every open connection, including those still in the handshake. */
  private readonly all = new Set<NodeConnection>();
  /** Nodes revoked while this process runs: closes a connection authenticated just before. */
  private readonly revoked = new Set<number>();
  /** Called when a node completes the handshake (see `onNodeOnline`). */
  private readonly onlineListeners = new Set<(node: { nodeId: number; organisationId: number }) => void>();

  constructor(opts: TunnelHubOptions) {
    this.db = opts.db;
    this.logger = opts.logger;
    this.defaultDeadlineMs = opts.defaultDeadlineMs ?? 30_000;
    this.settings = {
      maxFrameBytes: opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
      heartbeatMs: opts.heartbeatMs ?? 15_000,
      maxInFlight: opts.maxInFlight ?? 32,
      maxQueued: opts.maxQueued ?? 256,
      malformedLimit: opts.malformedLimit ?? 10,
      helloTimeoutMs: opts.helloTimeoutMs ?? 10_000,
    };
  }

  /** Take over an authenticated node's WebSocket. */
  attach(socket: WebSocket, node: { nodeId: number; organisationId: number }): void {
    if (this.revoked.has(node.nodeId)) {
      socket.close(closeCodes.revoked, 'node revoked');
      return;
    }
    const conn = new NodeConnection(
      node.nodeId,
      node.organisationId,
      socket,
      this.settings,
      {
        onReady: (c) => {
          const previous = this.ready.get(c.nodeId);
          this.ready.set(c.nodeId, c);
          if (previous && previous !== c)
            previous.close(closeCodes.replaced, 'replaced by a newer connection');
          this.logger.info({ nodeId: c.nodeId, version: c.hello?.nodeVersion }, 'node connected');
          for (const l of this.onlineListeners) l({ nodeId: c.nodeId, organisationId: c.organisationId });
        },
        onClosed: (c) => {
          this.all.delete(c);
          if (this.ready.get(c.nodeId) === c) {
            this.ready.delete(c.nodeId);
            this.logger.info({ nodeId: c.nodeId }, 'node disconnected');
            this.persistSeen(c.nodeId, {});
          }
        },
        onSeen: (c, seen) => this.persistSeen(c.nodeId, seen),
      },
      this.logger,
    );
    this.all.add(conn);
  }

  /**
   * Run a task on a node. Rejects with CieError NODE_UNAVAILABLE (offline or lost), TIMEOUT
   * (deadline passed), NODE_BUSY (too many tasks waiting), or the node's own error.
   */
  sendTask(nodeId: number, kind: string, payload: unknown, opts: SendTaskOptions = {}): Promise<unknown> {
    const conn = this.ready.get(nodeId);
    if (!conn)
      return Promise.reject(
        new CieError('NODE_UNAVAILABLE', `node ${nodeId} is not connected to the hub`, { nodeId }),
      );
    return conn.submit(kind, payload, opts.deadlineMs ?? this.defaultDeadlineMs, opts.signal);
  }

  /**
   * Run a task whose result is streamed (feature "stream"): resolves with the stream's head and
   * body once the node starts answering. Destroying the body cancels the task at the node; a lost
   * connection errors it with NODE_UNAVAILABLE. Same rejections as `sendTask` before the head.
   */
  sendStreamTask(
    nodeId: number,
    kind: string,
    payload: unknown,
    opts: SendTaskOptions = {},
  ): Promise<TunnelStream> {
    const conn = this.ready.get(nodeId);
    if (!conn)
      return Promise.reject(
        new CieError('NODE_UNAVAILABLE', `node ${nodeId} is not connected to the hub`, { nodeId }),
      );
    return conn.submitStream(kind, payload, opts.deadlineMs ?? this.defaultDeadlineMs, opts.signal);
  }

  /** Call `listener` each time a node comes online; returns the unsubscribe function. */
  onNodeOnline(listener: (node: { nodeId: number; organisationId: number }) => void): () => void {
    this.onlineListeners.add(listener);
    return () => this.onlineListeners.delete(listener);
  }

  onlineNodes(): OnlineNode[] {
    return [...this.ready.values()].map((c) => ({
      nodeId: c.nodeId,
      organisationId: c.organisationId,
      capabilities: c.hello?.capabilities ?? [],
      ...status(c),
    }));
  }

  liveStatus(nodeId: number): LiveNodeStatus | undefined {
    const c = this.ready.get(nodeId);
    return c ? status(c) : undefined;
  }

  /** Close every connection of a node (e.g. revoked); pending tasks fail with NODE_UNAVAILABLE. */
  disconnect(nodeId: number, code: number = closeCodes.revoked, reason = 'node revoked'): void {
    if (code === closeCodes.revoked) this.revoked.add(nodeId);
    for (const c of this.all) if (c.nodeId === nodeId) c.close(code, reason);
  }

  /** Close all connections (hub shutdown); nodes reconnect to the next hub process. */
  close(code: number = closeCodes.restart, reason = 'hub shutting down'): void {
    for (const c of this.all) c.close(code, reason);
  }

  private persistSeen(nodeId: number, seen: { version?: string; rttMs?: number }): void {
    recordNodeSeen(this.db, nodeId, seen).catch((err: unknown) =>
      this.logger.warn({ nodeId, err: errorMessage(err) }, 'could not record node status'),
    );
  }
}

function status(c: NodeConnection): LiveNodeStatus {
  return {
    connectedAt: c.connectedAt,
    lastSeen: c.lastSeen,
    rttMs: c.rttMs,
    version: c.hello?.nodeVersion ?? '',
    inFlight: c.inFlightCount,
    queued: c.queuedCount,
  };
}
