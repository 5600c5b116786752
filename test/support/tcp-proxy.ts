/**
 * A loopback TCP proxy for fault tests: forwards bytes between a client and a target port, and on
 * demand delays traffic, swallows it (a half-open link), cuts every connection, or cuts after a
 * number of bytes so that a message is interrupted midway.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

type Direction = 'toTarget' | 'toClient';

export class TcpProxy {
  /** Delay added to every chunk, both ways (order is kept). */
  delayMs = 0;
  /** When true, bytes are read and dropped: neither side sees a close (a dead link). */
  blackhole = false;
  /** Connections accepted so far. */
  accepted = 0;
  private readonly pairs = new Set<[Socket, Socket]>();
  private cutAfter: { direction: Direction; bytes: number } | undefined;

  private constructor(
    private readonly server: Server,
    public target: number,
  ) {}

  static async start(target: number): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, target);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    const a = this.server.address();
    if (!a || typeof a === 'string') throw new Error('proxy not listening');
    return a.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get open(): number {
    return this.pairs.size;
  }

  /** Forward `bytes` more bytes in `direction`, then cut every connection. */
  cutAfterBytes(direction: Direction, bytes: number): void {
    this.cutAfter = { direction, bytes };
  }

  /** Destroy every connection now (both sides see the TCP connection end). */
  cutAll(): void {
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.accepted++;
    const upstream = connect(this.target, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('data', (chunk: Buffer) => this.forward(chunk, upstream, 'toTarget'));
    upstream.on('data', (chunk: Buffer) => this.forward(chunk, client, 'toClient'));
  }

  private forward(chunk: Buffer, to: Socket, direction: Direction): void {
    if (this.blackhole) return;
    const cut = this.cutAfter;
    if (cut && cut.direction === direction) {
      if (chunk.length >= cut.bytes) {
        const head = chunk.subarray(0, cut.bytes);
        this.cutAfter = undefined;
        to.write(head, () => this.cutAll());
        return;
      }
      cut.bytes -= chunk.length;
    }
    if (this.delayMs > 0) setTimeout(() => to.write(chunk), this.delayMs);
    else to.write(chunk);
  }
}
