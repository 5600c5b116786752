/**
 * The association a C-MOVE opens to its destination (an AE configured at the node): our AE calls
 * the destination's, proposing each SOP class to send in its stored transfer syntax and in the
 * native little endian ones, then sends the C-STORE sub-operations on it and releases it.
 */
import { connect, type Socket } from 'node:net';
import dimse from 'dcmjs-dimse';
import { TS } from '../../dicom/encoding.js';
import { canDecode } from '../dicomweb/pixel/codecs.js';
import type { RetrieveInstance } from './qr.retrieve.js';
import { sendStoredInstance, type MoveOriginator } from './qr.store.js';

const { Association } = dimse.association;

/** Most presentation contexts one association may propose (odd ids 1..255). */
const MAX_CONTEXTS = 128;

export interface MoveDestination {
  aeTitle: string;
  host: string;
  port: number;
}

export interface MoveAssociation {
  /** Send one instance; resolves with the destination's C-STORE status. */
  store(instance: RetrieveInstance): Promise<number>;
  /** Release the association (A-RELEASE), then close the connection. */
  release(): Promise<void>;
  /** Close at once (A-ABORT), e.g. when the C-MOVE was cancelled or its requestor left. */
  abort(): void;
}

/** An SCU end: the same PDU machinery as our SCP, but it only sends requests and reads responses. */
class MoveScu extends dimse.Scp {}

function proposeContexts(
  association: InstanceType<typeof Association>,
  instances: readonly RetrieveInstance[],
): void {
  const pairs = new Map<string, Set<string>>();
  for (const i of instances) {
    const s = pairs.get(i.sop_class_uid) ?? new Set<string>();
    s.add(i.transfer_syntax_uid);
    pairs.set(i.sop_class_uid, s);
  }
  let n = 0;
  const add = (sopClass: string, syntaxes: string[]): void => {
    if (n++ >= MAX_CONTEXTS) return;
    const pc = association.addPresentationContext(sopClass);
    for (const ts of syntaxes) association.addTransferSyntaxToPresentationContext(pc, ts);
  };
  for (const [sopClass, stored] of pairs) {
    for (const ts of stored) if (ts !== TS.explicitLE && ts !== TS.implicitLE) add(sopClass, [ts]);
    if ([...stored].some((ts) => ts === TS.explicitLE || ts === TS.implicitLE || canDecode(ts)))
      add(sopClass, [TS.explicitLE, TS.implicitLE]);
  }
}

/** Open the association to the destination; rejects with what the destination or network said. */
export function openMoveAssociation(
  dest: MoveDestination,
  callingAeTitle: string,
  instances: readonly RetrieveInstance[],
  originator: MoveOriginator,
  timeoutMs = 30_000,
): Promise<MoveAssociation> {
  const association = new Association(callingAeTitle, dest.aeTitle);
  proposeContexts(association, instances);
  const socket: Socket = connect({ host: dest.host, port: dest.port });
  socket.setNoDelay(true);
  const scu = new MoveScu(socket, { connectTimeout: timeoutMs, associationTimeout: timeoutMs });
  let closed = false;
  const closedPromise = new Promise<never>((_, reject) => {
    const gone = (why: string): void => {
      closed = true;
      reject(new Error(why));
    };
    socket.once('close', () => gone(`the connection to ${dest.aeTitle} closed`));
    scu.on('networkError', (e: Error) => {
      gone(`network error with ${dest.aeTitle}: ${e.message}`);
      socket.destroy();
    });
  });
  closedPromise.catch(() => undefined);
  const fail = (why: string): Error =>
    new Error(`C-MOVE destination ${dest.aeTitle} at ${dest.host}:${dest.port}: ${why}`);
  return new Promise<MoveAssociation>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(fail('no association within the timeout'));
      socket.destroy();
    }, timeoutMs);
    closedPromise.catch((e: Error) => {
      clearTimeout(timer);
      reject(fail(e.message));
    });
    socket.once('connect', () => scu.sendAssociationRequest(association));
    scu.on('associationRejected', (r: { reason: number }) => {
      clearTimeout(timer);
      reject(fail(`association rejected (reason ${r.reason})`));
      socket.end();
    });
    scu.on('associationAccepted', (accepted: InstanceType<typeof Association>) => {
      clearTimeout(timer);
      resolve({
        store: (instance) =>
          closed
            ? Promise.reject(fail('connection closed'))
            : Promise.race([sendStoredInstance(scu, accepted, instance, originator), closedPromise]),
        release: () =>
          new Promise<void>((done) => {
            if (closed) return done();
            const t = setTimeout(() => socket.destroy(), 5_000);
            socket.once('close', () => {
              clearTimeout(t);
              done();
            });
            scu.on('associationReleaseResponse', () => socket.end());
            scu.sendAssociationReleaseRequest();
          }),
        abort: () => {
          if (!closed) scu.sendAbort();
          socket.destroy();
        },
      });
    });
  });
}
