/**
 * One C-STORE sub-operation on an open association (ours as SCP for C-GET, ours as SCU towards a
 * C-MOVE destination): the stored file's dataset bytes are sent as they are when the peer accepted
 * the stored transfer syntax (never parsed, byte for byte); an encapsulated instance is decoded to
 * Explicit VR Little Endian when the peer takes only that; a native one is re-encoded by dcmjs
 * between the little endian syntaxes.
 */
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import dimse from 'dcmjs-dimse';
import { TS } from '../../dicom/encoding.js';
import { canDecode } from '../dicomweb/pixel/codecs.js';
import { toExplicitLittleEndian } from '../dicomweb/pixel/transcode.js';
import { pdataMessage, storeRequestCommand } from './dimse-encode.js';
import type { RetrieveInstance } from './qr.retrieve.js';

const { Dataset } = dimse;
const { CStoreRequest } = dimse.requests;
const { PresentationContextResult } = dimse.constants;

type Association = InstanceType<typeof dimse.association.Association>;
type Network = InstanceType<typeof dimse.Scp>;
type Response = Parameters<Parameters<InstanceType<typeof CStoreRequest>['on']>[1]>[0];

const nativeLE = new Set<string>([TS.implicitLE, TS.explicitLE]);

/** Where the dataset starts in a Part 10 file: after the preamble, "DICM" and the 0002 group. */
export function datasetOffset(file: Uint8Array): number {
  const view = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (view.length < 132 || view.toString('latin1', 128, 132) !== 'DICM') return 0;
  let pos = 132;
  while (pos + 8 <= view.length && view.readUInt16LE(pos) === 0x0002) {
    const vr = view.toString('latin1', pos + 4, pos + 6);
    pos = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN'].includes(vr)
      ? pos + 12 + view.readUInt32LE(pos + 8)
      : pos + 8 + view.readUInt16LE(pos + 6);
  }
  return pos;
}

/** Dataset bytes in a transfer syntax the peer accepted, sent as they are. */
interface RawDataset {
  bytes: Buffer;
  ts: string;
}

/** What dcmjs-dimse keeps of a network that we use to send a C-STORE without it (see below). */
interface NetworkInternals {
  socket: Socket;
  pending: Array<{ getMessageId(): number; raiseResponseEvent(r: Response): void; raiseDoneEvent(): void }>;
  _getNextMessageId(): number;
}

/** The accepted transfer syntaxes of the association's contexts for a SOP class, with their ids. */
function acceptedSyntaxes(association: Association, sopClass: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of association.getPresentationContexts()) {
    const ctx = association.getPresentationContext(c.id);
    const ts = ctx.getAcceptedTransferSyntaxUid();
    if (ctx.getAbstractSyntaxUid() === sopClass && ctx.getResult() === PresentationContextResult.Accept && ts)
      out.set(ts, c.id);
  }
  return out;
}

/**
 * Send a dataset as it is: the command encoded here (dimse-encode.ts) and both written at once;
 * the response is matched by dcmjs-dimse through its list of pending requests. (dcmjs-dimse's
 * own path costs milliseconds per instance in command encoding and PDU copies.)
 */
function sendRaw(
  net: Network,
  association: Association,
  pcId: number,
  instance: RetrieveInstance,
  dataset: RawDataset,
  originator: MoveOriginator | undefined,
): Promise<number> {
  const internals = net as unknown as NetworkInternals;
  const messageId = internals._getNextMessageId();
  const cmd = storeRequestCommand(instance.sop_class_uid, instance.sop_instance_uid, messageId, originator);
  return new Promise<number>((resolve, reject) => {
    let status: number | undefined;
    const entry = {
      getMessageId: () => messageId,
      raiseResponseEvent: (r: Response) => {
        status = (r as { getStatus(): number }).getStatus();
      },
      raiseDoneEvent: () => {
        internals.pending.splice(internals.pending.indexOf(entry), 1);
        if (status === undefined) reject(new Error('no C-STORE response'));
        else resolve(status);
      },
    };
    internals.pending.push(entry);
    internals.socket.write(pdataMessage(pcId, cmd, dataset.bytes, association.getMaxPduLength()));
  });
}

/**
 * Reads the files of a retrieve, the next one while the current one is being sent (the peer's
 * C-STORE response is a round trip during which the disk would otherwise idle).
 */
export class FileReadahead {
  private ahead: { path: string; bytes: Promise<Buffer> } | undefined;

  read(path: string): Promise<Buffer> {
    const hit = this.ahead?.path === path ? this.ahead.bytes : undefined;
    this.ahead = undefined;
    return hit ?? readFile(path);
  }

  prefetch(path: string): void {
    const bytes = readFile(path);
    bytes.catch(() => undefined); // a failure is met again when it is read
    this.ahead = { path, bytes };
  }
}

/** The dataset to send in a syntax the peer accepted, or why there is none. */
async function datasetFor(
  instance: RetrieveInstance,
  accepted: Set<string>,
  files: FileReadahead,
): Promise<RawDataset | InstanceType<typeof Dataset>> {
  const stored = instance.transfer_syntax_uid;
  const file = await files.read(instance.file_path);
  if (accepted.has(stored)) return { bytes: file.subarray(datasetOffset(file)), ts: stored };
  if (accepted.has(TS.explicitLE) && canDecode(stored)) {
    const decoded = await toExplicitLittleEndian(file);
    return { bytes: decoded.subarray(datasetOffset(decoded)), ts: TS.explicitLE };
  }
  if (nativeLE.has(stored) && [...accepted].some((t) => nativeLE.has(t))) {
    // dcmjs-dimse re-encodes it in the accepted syntax when it sends.
    return new Dataset(file.subarray(datasetOffset(file)), stored);
  }
  throw new Error(
    `no presentation context accepted for ${instance.sop_class_uid} in ${stored}${canDecode(stored) ? ' or Explicit VR Little Endian' : ''}`,
  );
}

export interface MoveOriginator {
  aeTitle: string;
  messageId: number;
}

/**
 * Send one instance as a C-STORE request on `net`'s association; resolves with the peer's status.
 * `next` (the instance after it) is read meanwhile.
 */
export async function sendStoredInstance(
  net: Network,
  association: Association,
  instance: RetrieveInstance,
  opts: {
    files: FileReadahead;
    next?: RetrieveInstance | undefined;
    originator?: MoveOriginator | undefined;
  },
): Promise<number> {
  const accepted = acceptedSyntaxes(association, instance.sop_class_uid);
  const dataset = await datasetFor(instance, new Set(accepted.keys()), opts.files);
  if (opts.next) opts.files.prefetch(opts.next.file_path);
  const originator = opts.originator;
  const pcId = 'bytes' in dataset ? accepted.get(dataset.ts) : undefined;
  if ('bytes' in dataset && pcId !== undefined) {
    return sendRaw(net, association, pcId, instance, dataset, originator);
  }
  if ('bytes' in dataset) throw new Error(`no presentation context for ${dataset.ts}`);
  const request = new CStoreRequest(dataset);
  request.setAffectedSopClassUid(instance.sop_class_uid);
  request.setAffectedSopInstanceUid(instance.sop_instance_uid);
  if (originator) {
    const cmd = request.getCommandDataset();
    cmd.setElement('MoveOriginatorApplicationEntityTitle', originator.aeTitle);
    cmd.setElement('MoveOriginatorMessageID', String(originator.messageId));
  }
  return new Promise<number>((resolve, reject) => {
    let status: number | undefined;
    request.on('response', (r: Response) => {
      status = (r as { getStatus(): number }).getStatus();
    });
    request.on('done', () =>
      status === undefined ? reject(new Error('the C-STORE request could not be sent')) : resolve(status),
    );
    net.sendRequests(request);
  });
}
