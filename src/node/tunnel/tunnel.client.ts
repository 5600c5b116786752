/**
 * The node's side of the tunnel: ONE outbound WebSocket to the hub, authenticated with a
 * short-lived EdDSA JWT signed by the node key; hello/welcome, heartbeats (RTT), tasks, reconnect
 * with capped exponential backoff and full jitter, and a clean close on shutdown.
 */
import { randomUUID, type webcrypto } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { CieError, errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import {
  closeCodes,
  decodeFrame,
  DEFAULT_MAX_FRAME_BYTES,
  encodeFrame,
  MalformedCounter,
  PROTOCOL_VERSION,
  type Frame,
  type FrameBody,
  type Welcome,
} from '../../model/tunnel-protocol.js';
import { STREAM_FEATURE } from '../../model/tunnel-stream.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { TaskRunner, type TaskHandler } from './task-runner.js';

export interface TunnelClientOptions {
  /** The hub's base URL (http(s)://…); the tunnel goes to ws(s)://…/api/v1/nodes/tunnel. */
  hubUrl: string;
  tunnelPath?: string;
  nodeId: number;
  privateKey: webcrypto.CryptoKey;
  /** The hub's audience (derived from its pinned key). */
  audience: string;
  version: string;
  logger: Logger;
  maxInFlight?: number;
  maxFrameBytes?: number;
  backoff?: BackoffOptions;
  /** Lifetime of each connection token in seconds (default 60). */
  tokenTtlS?: number;
  /** Give up on an opening handshake after this long (default 10 s). */
  handshakeTimeoutMs?: number;
}

export interface TunnelClientEvents {
  connected: [Welcome];
  disconnected: [{ code: number; reason: string }];
  /** The hub refused this node for good (revoked): the client stops. */
  fatal: [CieError];
}

export class TunnelClient extends EventEmitter<TunnelClientEvents> {
  private readonly runner: TaskRunner;
  private readonly backoff: BackoffOptions;
  private readonly maxFrameBytes: number;
  private ws: WebSocket | undefined;
  private welcome: Welcome | undefined;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private lastReceived = 0;
  private stopped = true;
  /** Round-trip time to the hub measured by our own pings (ms). */
  rttMs: number | null = null;
  /** Connections established so far (the first one included). */
  connections = 0;

  constructor(private readonly opts: TunnelClientOptions) {
    super();
    this.maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.backoff = opts.backoff ?? { baseMs: 500, capMs: 30_000 };
    this.runner = new TaskRunner(
      opts.maxInFlight ?? 16,
      () => this.welcome?.maxFrameBytes ?? this.maxFrameBytes,
      opts.logger,
      {
        enabled: () => this.welcome?.capabilities.includes(STREAM_FEATURE) ?? false,
        sendBinary: (frame) => {
          if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(frame, { binary: true });
        },
      },
    );
  }

  registerTaskHandler(kind: string, handler: TaskHandler): void {
    this.runner.register(kind, handler);
  }

  get connected(): boolean {
    return this.welcome !== undefined && this.ws?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Close the tunnel cleanly (close code 1001) and stop reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const cut = setTimeout(() => ws.terminate(), 2000);
      ws.once('close', () => {
        clearTimeout(cut);
        resolve();
      });
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(closeCodes.goingAway, 'node shutting down');
    });
  }

  private async token(): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
      .setSubject(String(this.opts.nodeId))
      .setAudience(this.opts.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.opts.tokenTtlS ?? 60}s`)
      .setJti(randomUUID())
      .sign(this.opts.privateKey);
  }

  private connect(): void {
    if (this.stopped) return;
    this.token().then(
      (token) => this.open(token),
      (err: unknown) => {
        this.opts.logger.error({ err: errorMessage(err) }, 'could not sign the tunnel token');
        this.scheduleReconnect();
      },
    );
  }

  private open(token: string): void {
    if (this.stopped) return;
    const url = new URL(this.opts.tunnelPath ?? '/api/v1/nodes/tunnel', this.opts.hubUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url, {
      headers: { authorization: `Bearer ${token}` },
      maxPayload: this.maxFrameBytes,
      handshakeTimeout: this.opts.handshakeTimeoutMs ?? 10_000,
      // Masking protects browsers' proxies from crafted bytes; this client is no browser and the
      // link is TLS to the hub. An all-zero mask lets both ends skip XOR-ing every streamed byte
      // in JavaScript (no bufferutil here), which costs more than the rest of the relay path.
      generateMask: (mask: Buffer) => mask.fill(0),
    });
    this.ws = ws;
    const malformed = new MalformedCounter();
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8').slice(0, 500);
        const status = res.statusCode ?? 0;
        this.opts.logger.warn({ status, body }, 'the hub refused the tunnel');
        if (status === 403) this.fail(new CieError('FORBIDDEN', `the hub refused this node: ${body}`));
        ws.terminate();
      });
    });
    ws.on('open', () => {
      this.lastReceived = Date.now();
      this.send({
        type: 'hello',
        id: randomUUID(),
        versions: [PROTOCOL_VERSION],
        nodeVersion: this.opts.version,
        capabilities: this.runner.kinds(),
        maxInFlight: this.runner.maxInFlight,
        features: [STREAM_FEATURE],
      });
    });
    ws.on('message', (data, isBinary) => {
      this.lastReceived = Date.now();
      const decoded = decodeFrame(data, isBinary);
      if (decoded.ok) return this.handle(decoded.frame);
      this.opts.logger.warn({ reason: decoded.reason }, 'malformed frame from the hub');
      if (malformed.record()) ws.close(closeCodes.protocolViolation, 'too many malformed frames');
    });
    ws.on('error', (err) => this.opts.logger.warn({ err: errorMessage(err) }, 'tunnel error'));
    ws.on('close', (code, reasonBuf) => {
      const reason = reasonBuf.toString();
      const wasConnected = this.welcome !== undefined;
      this.welcome = undefined;
      clearInterval(this.heartbeat);
      this.runner.abortAll(`the tunnel closed (${code})`);
      if (wasConnected) this.emit('disconnected', { code, reason });
      this.opts.logger.info({ code, reason }, 'tunnel closed');
      if (code === closeCodes.revoked) {
        this.fail(new CieError('FORBIDDEN', `the hub revoked this node: ${reason}`));
        return;
      }
      this.scheduleReconnect();
    });
  }

  private fail(err: CieError): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.emit('fatal', err);
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    const delay = backoffDelay(this.attempt++, this.backoff);
    this.opts.logger.info({ delayMs: delay, attempt: this.attempt }, 'reconnecting to the hub');
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private send(frame: FrameBody): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(encodeFrame(frame));
  }

  private handle(frame: Frame): void {
    switch (frame.type) {
      case 'welcome':
        this.welcome = frame;
        this.attempt = 0;
        this.connections++;
        this.startHeartbeat(frame.heartbeatMs);
        this.opts.logger.info({ nodeId: frame.nodeId }, 'connected to the hub');
        this.emit('connected', frame);
        return;
      case 'task':
        this.runner.run(frame, (result) => this.send(result));
        return;
      case 'cancel':
        this.runner.cancel(frame.id);
        return;
      case 'credit':
        this.runner.credit(frame.id, frame.chunks);
        return;
      case 'ping':
        this.send({ type: 'pong', id: frame.id, t: frame.t });
        return;
      case 'pong':
        this.rttMs = Math.round((performance.now() - frame.t) * 100) / 100;
        return;
      case 'error':
        this.opts.logger.warn(
          { code: frame.code, message: frame.message },
          'the hub reported a protocol error',
        );
        return;
      case 'hello':
      case 'result':
      case 'stream':
        this.opts.logger.warn({ type: frame.type }, 'unexpected frame from the hub');
        return;
      default: {
        const never: never = frame;
        return never;
      }
    }
  }

  private startHeartbeat(heartbeatMs: number): void {
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastReceived > heartbeatMs * 3) {
        this.opts.logger.warn('the hub stopped answering: dropping the connection');
        this.ws?.terminate();
        return;
      }
      this.send({ type: 'ping', id: randomUUID(), t: performance.now() });
    }, heartbeatMs);
    this.heartbeat.unref();
  }
}
