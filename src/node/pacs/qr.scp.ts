/**
 * The query/retrieve half of the SCP: C-FIND, C-GET and C-MOVE requests answered from the node's
 * index (qr.find.ts, qr.retrieve.ts). Each runs asynchronously on its association; a C-CANCEL or
 * the association's end stops it before its next response or sub-operation.
 */
import type { Kysely } from 'kysely';
import dimse from 'dcmjs-dimse';
import type { NodeDB } from '../../db/schema.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import { queryRetrieveClasses } from './negotiation.js';
import { findMatches } from './qr.find.js';
import { QrError, readIdentifier, UNABLE_TO_PROCESS } from './qr.identifier.js';
import { openMoveAssociation, type MoveDestination } from './qr.move.js';
import {
  instancesToRetrieve,
  runSubOperations,
  type RetrieveInstance,
  type SubOperationCounts,
} from './qr.retrieve.js';
import { sendStoredInstance } from './qr.store.js';
import { encodeElements, pdataMessage, pendingFindCommand } from './dimse-encode.js';

const { Dataset } = dimse;
const { CFindResponse, CGetResponse, CMoveResponse } = dimse.responses;
const { Status, TransferSyntax } = dimse.constants;

type Association = InstanceType<typeof dimse.association.Association>;
type Network = InstanceType<typeof dimse.Scp>;
type CFindRequest = InstanceType<typeof dimse.requests.CFindRequest>;
type CGetRequest = InstanceType<typeof dimse.requests.CGetRequest>;
type CMoveRequest = InstanceType<typeof dimse.requests.CMoveRequest>;
type CFindResponseT = InstanceType<typeof CFindResponse>;
type CGetResponseT = InstanceType<typeof CGetResponse>;
type CMoveResponseT = InstanceType<typeof CMoveResponse>;

/** Sub-operations complete, one or more failures or warnings (PS3.4 C.4.2.1.5). */
const SUB_OPERATION_FAILURES = 0xb000;

export interface ArchiveOptions {
  db: Kysely<NodeDB>;
  /** C-MOVE destinations: AE title → address. */
  moveDestinations: Readonly<Record<string, { host: string; port: number }>>;
}

/** What a Q/R handler needs from the association it runs on. */
export interface QrAssociation {
  network: Network;
  association: Association;
  aeTitle: string;
  archive: ArchiveOptions;
  log?: Logger | undefined;
  /** Resolves never; rejects once the association is gone (aborted, closed). */
  closed: Promise<never>;
  /** Whether the requests with this message id was cancelled, or the association is gone. */
  stopped(messageId: number): boolean;
  /** Write bytes (whole PDUs) to the connection. */
  write(bytes: Buffer): void;
}

function modelOf(sopClass: string): 'patient' | 'study' {
  return queryRetrieveClasses[sopClass]?.model ?? 'study';
}

function syntaxOf(qr: QrAssociation, request: CFindRequest | CGetRequest | CMoveRequest): string {
  return (
    qr.association.getAcceptedPresentationContextFromRequest(request)?.getAcceptedTransferSyntaxUid() ??
    TransferSyntax.ImplicitVRLittleEndian
  );
}

function failureOf(err: unknown, qr: QrAssociation, what: string): { status: number; comment: string } {
  if (err instanceof QrError) return { status: err.status, comment: err.message };
  qr.log?.error({ err: errorMessage(err) }, `${what} failed`);
  return { status: UNABLE_TO_PROCESS, comment: `${what} failed: ${errorMessage(err)}`.slice(0, 64) };
}

/** C-FIND: one pending response per match, then success (or cancel, or the failure). */
export function answerFind(
  qr: QrAssociation,
  request: CFindRequest,
  send: (r: CFindResponseT) => void,
): void {
  const ts = syntaxOf(qr, request);
  const id = request.getMessageId();
  const pcId = qr.association.getAcceptedPresentationContextFromRequest(request)?.getPresentationContextId();
  const command = pendingFindCommand(request.getAffectedSopClassUid(), id);
  const maxPdu = qr.association.getMaxPduLength();
  const final = (status: number, comment?: string): void => {
    if (qr.stopped(id) && status !== Status.Cancel) return;
    const r = CFindResponse.fromRequest(request);
    r.setStatus(status);
    if (comment) r.setErrorComment(comment);
    send(r);
  };
  const run = async (): Promise<void> => {
    const identifier = readIdentifier(request.getDataset()?.getElements() ?? {});
    const model = modelOf(request.getAffectedSopClassUid());
    for await (const page of findMatches(qr.archive.db, model, identifier, qr.aeTitle)) {
      if (qr.stopped(id)) return final(Status.Cancel);
      // One write per page: the pending responses, encoded here (dimse-encode.ts).
      if (pcId !== undefined && page.length > 0) {
        qr.write(Buffer.concat(page.map((e) => pdataMessage(pcId, command, encodeElements(e, ts), maxPdu))));
      }
    }
    final(Status.Success);
  };
  run().catch((err: unknown) => {
    const f = failureOf(err, qr, 'C-FIND');
    final(f.status, f.comment);
  });
}

type RetrieveResponse = CGetResponseT | CMoveResponseT;

function withCounts<T extends RetrieveResponse>(r: T, c: SubOperationCounts, final: boolean): T {
  if (!final) r.setRemaining(c.remaining);
  r.setCompleted(c.completed);
  r.setFailures(c.failed);
  r.setWarnings(c.warning);
  return r;
}

/** The shared part of C-GET and C-MOVE: select, run sub-operations, answer pending and final. */
async function retrieve<T extends RetrieveResponse>(
  qr: QrAssociation,
  request: CGetRequest | CMoveRequest,
  respond: () => T,
  send: (r: T) => void,
  open: (instances: RetrieveInstance[]) => Promise<{
    store: (i: RetrieveInstance) => Promise<number>;
    done: () => Promise<void>;
  }>,
): Promise<void> {
  const id = request.getMessageId();
  const ts = syntaxOf(qr, request);
  const identifier = readIdentifier(request.getDataset()?.getElements() ?? {});
  const instances = await instancesToRetrieve(
    qr.archive.db,
    modelOf(request.getAffectedSopClassUid()),
    identifier,
  );
  const target = await open(instances);
  const result = await runSubOperations(
    instances,
    (i) => Promise.race([target.store(i), qr.closed]),
    (c) => {
      const r = respond();
      r.setStatus(Status.Pending);
      send(withCounts(r, c, false));
    },
    () => qr.stopped(id),
  ).finally(() => target.done());
  if (qr.stopped(id) && !result.cancelled) return;
  const r = withCounts(respond(), result, !result.cancelled);
  if (result.cancelled) {
    r.setStatus(Status.Cancel);
    r.setRemaining(result.remaining);
  } else r.setStatus(result.failed + result.warning > 0 ? SUB_OPERATION_FAILURES : Status.Success);
  if (result.failedUids.length > 0) {
    r.setDataset(new Dataset({ FailedSOPInstanceUIDList: result.failedUids }, ts));
  }
  send(r);
}

function failRetrieve<T extends RetrieveResponse>(
  qr: QrAssociation,
  what: string,
  respond: () => T,
  send: (r: T) => void,
  id: number,
): (err: unknown) => void {
  return (err) => {
    if (qr.stopped(id)) return;
    const f = failureOf(err, qr, what);
    const r = respond();
    r.setStatus(f.status);
    r.setErrorComment(f.comment);
    send(r);
  };
}

/** C-GET: C-STORE sub-operations on this association, in the contexts the SCU negotiated. */
export function answerGet(qr: QrAssociation, request: CGetRequest, send: (r: CGetResponseT) => void): void {
  const respond = (): CGetResponseT => CGetResponse.fromRequest(request);
  retrieve(qr, request, respond, send, () =>
    Promise.resolve({
      store: (i: RetrieveInstance) => sendStoredInstance(qr.network, qr.association, i),
      done: () => Promise.resolve(),
    }),
  ).catch(failRetrieve(qr, 'C-GET', respond, send, request.getMessageId()));
}

/** C-MOVE: C-STORE sub-operations on a new association to the configured destination. */
export function answerMove(
  qr: QrAssociation,
  request: CMoveRequest,
  send: (r: CMoveResponseT) => void,
): void {
  const respond = (): CMoveResponseT => CMoveResponse.fromRequest(request);
  const destAe = String(request.getCommandDataset().getElement('MoveDestination') ?? '').trim();
  const dest = qr.archive.moveDestinations[destAe];
  const fail = failRetrieve(qr, 'C-MOVE', respond, send, request.getMessageId());
  if (!dest) {
    qr.log?.warn({ destination: destAe }, 'C-MOVE to an unknown destination refused');
    return fail(new QrError(Status.MoveDestinationUnknown, `move destination "${destAe}" is not configured`));
  }
  const destination: MoveDestination = { aeTitle: destAe, ...dest };
  retrieve(qr, request, respond, send, async (instances) => {
    if (instances.length === 0) return { store: () => Promise.resolve(0), done: () => Promise.resolve() };
    const move = await openMoveAssociation(destination, qr.aeTitle, instances, {
      aeTitle: qr.association.getCallingAeTitle(),
      messageId: request.getMessageId(),
    }).catch((err: unknown) => {
      throw new QrError(Status.OutOfResourcesSubOperations, errorMessage(err).slice(0, 64));
    });
    return {
      store: (i) => move.store(i),
      done: () => (qr.stopped(request.getMessageId()) ? Promise.resolve(move.abort()) : move.release()),
    };
  }).catch(fail);
}
