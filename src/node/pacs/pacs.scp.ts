/**
 * The node's DICOM SCP (dcmjs-dimse Scp): associations are accepted only from allowed calling AE
 * titles and hosts and only when they call our AE title; presentation contexts only for what we
 * serve (negotiation.ts); C-ECHO answers; C-STORE datasets are collected as raw bytes (never
 * parsed by dcmjs), given a file meta group and passed to the receiver (`receiveInstance`), which
 * stores them; C-FIND, C-GET and C-MOVE are answered from the index when an archive is attached
 * (qr.scp.ts). A peer's A-ABORT closes the connection at once.
 */
import { createServer, isIP, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import dimse from 'dcmjs-dimse';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import { fileMeta } from '../../dicom/deid/write.js';
import { decideContext } from './negotiation.js';
import { answerFind, answerGet, answerMove, type ArchiveOptions, type QrAssociation } from './qr.scp.js';
import type { Receiver } from './receiver.service.js';

const { Dataset, Scp } = dimse;
// dcmjs-dimse logs every PDU at info level through loglevel; our own pino logs say what matters.
dimse.log.setLevel('error');
const { CEchoResponse, CStoreResponse } = dimse.responses;
const { Status, RejectResult, RejectSource, RejectReason, TransferSyntax } = dimse.constants;

type Association = InstanceType<typeof dimse.association.Association>;
type PresentationContext = InstanceType<typeof dimse.association.PresentationContext>;
type CStoreRequest = InstanceType<typeof dimse.requests.CStoreRequest>;
type CEchoRequest = InstanceType<typeof dimse.requests.CEchoRequest>;
type CFindRequest = InstanceType<typeof dimse.requests.CFindRequest>;
type CGetRequest = InstanceType<typeof dimse.requests.CGetRequest>;
type CMoveRequest = InstanceType<typeof dimse.requests.CMoveRequest>;
type CCancelRequest = InstanceType<typeof dimse.requests.CCancelRequest>;
type Response = Parameters<InstanceType<typeof Scp>['sendResponse']>[1];

/** Largest PDU we receive (storescu sends PDUs of this size: fewer, larger socket reads). */
const OUR_MAX_PDU = 262144;

export interface ScpOptions {
  port: number;
  /** Address to bind (loopback by default; a hospital network address in production). */
  host: string;
  aeTitle: string;
  allowedCallingAeTitles: string[];
  /** Allowed peer addresses; empty: loopback only. */
  allowedHosts: string[];
  receiver: Receiver;
  /** The index and C-MOVE destinations: without it, query/retrieve contexts are rejected. */
  archive?: ArchiveOptions | undefined;
  log?: Logger | undefined;
}

export interface RunningScp {
  port: number;
  close(): Promise<void>;
}

/** Collects a C-STORE dataset as it arrives, synchronously, without copying PDUs twice. */
class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.chunks.push(chunk);
    cb();
  }
}

function isLoopback(addr: string): boolean {
  const a = addr.replace(/^::ffff:/, '');
  return a === '::1' || a.startsWith('127.');
}

export function hostAllowed(remote: string | undefined, allowed: string[]): boolean {
  if (!remote) return false;
  if (allowed.length === 0) return isLoopback(remote);
  const a = remote.replace(/^::ffff:/, '');
  return allowed.some((h) => h === a || (isIP(h) === 0 && h === 'localhost' && isLoopback(remote)));
}

export function startScp(opts: ScpOptions): Promise<RunningScp> {
  const { receiver, log } = opts;
  const allowedAes = new Set(opts.allowedCallingAeTitles.map((a) => a.trim()));

  class CieScp extends Scp {
    private association: Association | undefined;
    private readonly remote: string | undefined;
    private readonly collectors = new WeakMap<object, Collector>();
    private readonly cancelled = new Set<number>();
    private gone = false;
    private readonly closed: Promise<never>;
    private qr: QrAssociation | undefined;

    constructor(
      private readonly socket: Socket,
      o: Record<string, unknown>,
    ) {
      super(socket, o);
      this.remote = socket.remoteAddress;
      this.closed = new Promise<never>((_, reject) => {
        socket.once('close', () => {
          this.gone = true;
          reject(new Error('the association is gone'));
        });
      });
      this.closed.catch(() => undefined);
    }

    override associationRequested(association: Association): void {
      this.association = association;
      const calling = association.getCallingAeTitle().trim();
      const called = association.getCalledAeTitle().trim();
      if (called !== opts.aeTitle) {
        log?.warn({ calling, called, remote: this.remote }, 'association rejected: wrong called AE title');
        this.sendAssociationReject(
          RejectResult.Permanent,
          RejectSource.ServiceUser,
          RejectReason.CalledAeNotRecognized,
        );
        return;
      }
      if (!allowedAes.has(calling) || !hostAllowed(this.remote, opts.allowedHosts)) {
        log?.warn({ calling, remote: this.remote }, 'association rejected: calling AE or host not allowed');
        this.sendAssociationReject(
          RejectResult.Permanent,
          RejectSource.ServiceUser,
          RejectReason.CallingAeNotRecognized,
        );
        return;
      }
      // What the peer can receive (0: no limit): our responses and C-GET sub-operations fit it.
      const peerMaxPdu = association.getMaxPduLength();
      for (const c of association.getPresentationContexts()) {
        const ctx: PresentationContext = association.getPresentationContext(c.id);
        const d = decideContext(ctx.getAbstractSyntaxUid(), ctx.getTransferSyntaxUids(), {
          queryRetrieve: opts.archive !== undefined,
        });
        ctx.setResult(d.result, d.transferSyntax);
      }
      association.setMaxPduLength(OUR_MAX_PDU);
      this.sendAssociationAccept();
      association.setMaxPduLength(peerMaxPdu === 0 ? OUR_MAX_PDU * 16 : peerMaxPdu);
      if (opts.archive) {
        this.qr = {
          network: this,
          association,
          aeTitle: opts.aeTitle,
          archive: opts.archive,
          log,
          closed: this.closed,
          stopped: (id) => this.gone || this.cancelled.has(id),
          write: (bytes) => {
            if (!this.gone) this.socket.write(bytes);
          },
        };
      }
    }

    override associationReleaseRequested(): void {
      this.sendAssociationReleaseResponse();
    }

    override cEchoRequest(
      request: CEchoRequest,
      callback: (r: InstanceType<typeof CEchoResponse>) => void,
    ): void {
      const response = CEchoResponse.fromRequest(request);
      response.setStatus(Status.Success);
      callback(response);
    }

    override createStoreWritableStream(_pc: PresentationContext, request: CStoreRequest): Writable {
      const c = new Collector();
      this.collectors.set(request, c);
      return c;
    }

    override createDatasetFromStoreWritableStream(
      _w: Writable,
      pc: PresentationContext,
      callback: (dataset: InstanceType<typeof Dataset>) => void,
    ): void {
      // The raw bytes stay in the collector; dcmjs never parses them.
      callback(new Dataset({}, pc.getAcceptedTransferSyntaxUid()));
    }

    override cStoreRequest(
      request: CStoreRequest,
      callback: (r: InstanceType<typeof CStoreResponse>) => void,
    ): void {
      const response = CStoreResponse.fromRequest(request);
      const c = this.collectors.get(request);
      this.collectors.delete(request);
      const fail = (err: unknown): void => {
        log?.error({ err: errorMessage(err), sop: request.getAffectedSopInstanceUid() }, 'C-STORE failed');
        response.setStatus(Status.ProcessingFailure);
        callback(response);
      };
      if (!c) return fail(new Error('no dataset received'));
      const ts = request.getDataset()?.getTransferSyntaxUid() ?? TransferSyntax.ImplicitVRLittleEndian;
      const meta = fileMeta(request.getAffectedSopClassUid(), request.getAffectedSopInstanceUid(), ts);
      // One copy: the PDU fragments and the meta group straight into the buffer the parser reads.
      const file = Buffer.concat([meta, ...c.chunks]);
      // Success is answered once the file is written (to the page cache: no fsync per instance,
      // see docs/pacs.md "Durability").
      receiver
        .receiveInstance(file, {
          source: `C-STORE from ${this.association?.getCallingAeTitle() ?? '?'} at ${this.remote ?? '?'}`,
        })
        .then(() => {
          response.setStatus(Status.Success);
          callback(response);
        }, fail);
    }

    // dcmjs-dimse's callback may be called once only: responses (pending ones included) are
    // sent with sendResponse instead, as they come.
    override cFindRequest(request: CFindRequest): void {
      if (this.qr) answerFind(this.qr, request, this.responder(request));
    }

    override cGetRequest(request: CGetRequest): void {
      if (this.qr) answerGet(this.qr, request, this.responder(request));
    }

    override cMoveRequest(request: CMoveRequest): void {
      if (this.qr) answerMove(this.qr, request, this.responder(request));
    }

    override cCancelRequest(request: CCancelRequest): void {
      const id = Number(request.getCommandDataset().getElement('MessageIDBeingRespondedTo'));
      this.cancelled.add(id);
    }

    /** Sends responses to a request while the association lasts (nothing to write to after). */
    private responder(request: CFindRequest | CGetRequest | CMoveRequest): (r: Response) => void {
      return (r) => {
        if (!this.gone) this.sendResponse(request, r);
      };
    }

    override abort(): void {
      // The peer ended the association: nothing more will be said on this connection.
      log?.warn({ remote: this.remote }, 'association aborted by peer');
      this.gone = true;
      this.socket.destroy();
    }
  }

  // Our own listener (rather than dimse's Server) so the bind address is ours to choose.
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    const scp = new CieScp(socket, {});
    (scp as unknown as { connected: boolean }).connected = true;
    scp.on('networkError', (e: Error) => {
      log?.warn({ err: e.message }, 'DICOM network error');
      socket.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      const addr = server.address();
      resolve({
        port: typeof addr === 'object' && addr ? addr.port : opts.port,
        close: async () => {
          await new Promise<void>((r) => {
            server.close(() => r());
            for (const s of sockets) s.destroy();
          });
          await receiver.flush();
        },
      });
    });
  });
}
