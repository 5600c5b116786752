/**
 * One C-STORE sub-operation on an open association (ours as SCP for C-GET, ours as SCU towards a
 * C-MOVE destination): the stored file's dataset bytes are sent as they are when the peer accepted
 * the stored transfer syntax (never parsed, byte for byte); an encapsulated instance is decoded to
 * Explicit VR Little Endian when the peer takes only that; a native one is re-encoded by dcmjs
 * between the little endian syntaxes.
 */
import { readFile } from 'node:fs/promises';
import dimse from 'dcmjs-dimse';
import { TS } from '../../dicom/encoding.js';
import { canDecode } from '../dicomweb/pixel/codecs.js';
import { toExplicitLittleEndian } from '../dicomweb/pixel/transcode.js';
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

/** A dataset whose encoding is the given bytes (dcmjs-dimse writes them without parsing). */
function rawDataset(bytes: Buffer, ts: string): InstanceType<typeof Dataset> {
  const ds = new Dataset({}, ts);
  Object.assign(ds, { getDenaturalizedDataset: () => bytes });
  return ds;
}

/** The accepted transfer syntaxes of the association's contexts for a SOP class. */
function acceptedSyntaxes(association: Association, sopClass: string): Set<string> {
  const out = new Set<string>();
  for (const c of association.getPresentationContexts()) {
    const ctx = association.getPresentationContext(c.id);
    const ts = ctx.getAcceptedTransferSyntaxUid();
    if (ctx.getAbstractSyntaxUid() === sopClass && ctx.getResult() === PresentationContextResult.Accept && ts)
      out.add(ts);
  }
  return out;
}

/** The dataset to send in a syntax the peer accepted, or why there is none. */
async function datasetFor(
  instance: RetrieveInstance,
  accepted: Set<string>,
): Promise<InstanceType<typeof Dataset>> {
  const stored = instance.transfer_syntax_uid;
  const file = await readFile(instance.file_path);
  if (accepted.has(stored)) return rawDataset(file.subarray(datasetOffset(file)), stored);
  if (accepted.has(TS.explicitLE) && canDecode(stored)) {
    const decoded = await toExplicitLittleEndian(file);
    return rawDataset(decoded.subarray(datasetOffset(decoded)), TS.explicitLE);
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

/** Send one instance as a C-STORE request on `net`'s association; resolves with the peer's status. */
export async function sendStoredInstance(
  net: Network,
  association: Association,
  instance: RetrieveInstance,
  originator?: MoveOriginator,
): Promise<number> {
  const dataset = await datasetFor(instance, acceptedSyntaxes(association, instance.sop_class_uid));
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
