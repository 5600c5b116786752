/**
 * The hot path of C-FIND, encoded here rather than by dcmjs (which takes milliseconds per message
 * through its naturalized model): response identifiers in Explicit or Implicit VR Little Endian,
 * the pending C-FIND-RSP command (always Implicit VR Little Endian, PS3.7 §6.3.1), and the
 * P-DATA-TF PDUs that carry them (PS3.8 §9.3.5), fragmented to the peer's maximum PDU length.
 */
import { TS } from '../../dicom/encoding.js';

export interface ResponseElement {
  /** 8 hex digits */
  tag: string;
  vr: string;
  /** Text values (person names as their PS3.5 string form), or numbers for binary VRs. */
  values: ReadonlyArray<string | number>;
}

const binary: Record<string, { size: number; write: (b: Buffer, v: number, at: number) => void }> = {
  US: { size: 2, write: (b, v, at) => b.writeUInt16LE(v, at) },
  SS: { size: 2, write: (b, v, at) => b.writeInt16LE(v, at) },
  UL: { size: 4, write: (b, v, at) => b.writeUInt32LE(v, at) },
  SL: { size: 4, write: (b, v, at) => b.writeInt32LE(v, at) },
  FL: { size: 4, write: (b, v, at) => b.writeFloatLE(v, at) },
  FD: { size: 8, write: (b, v, at) => b.writeDoubleLE(v, at) },
};
const longHeader = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

function valueBytes(e: ResponseElement): Buffer {
  const bin = binary[e.vr];
  if (bin) {
    const b = Buffer.alloc(bin.size * e.values.length);
    e.values.forEach((v, i) => bin.write(b, Number(v), i * bin.size));
    return b;
  }
  if (e.vr === 'SQ') return Buffer.alloc(0);
  const text = Buffer.from(e.values.map(String).join('\\'), 'utf8');
  return text.length % 2 ? Buffer.concat([text, Buffer.from(e.vr === 'UI' ? [0] : [0x20])]) : text;
}

function header(tag: string, vr: string, length: number, explicit: boolean): Buffer {
  const group = parseInt(tag.slice(0, 4), 16);
  const element = parseInt(tag.slice(4), 16);
  if (!explicit) {
    const h = Buffer.alloc(8);
    h.writeUInt16LE(group, 0);
    h.writeUInt16LE(element, 2);
    h.writeUInt32LE(length, 4);
    return h;
  }
  const long = longHeader.has(vr);
  const h = Buffer.alloc(long ? 12 : 8);
  h.writeUInt16LE(group, 0);
  h.writeUInt16LE(element, 2);
  h.write(vr, 4, 'latin1');
  if (long) h.writeUInt32LE(length, 8);
  else h.writeUInt16LE(length, 6);
  return h;
}

/** A dataset of the elements (sorted by tag) in the given little endian transfer syntax. */
export function encodeElements(elements: readonly ResponseElement[], ts: string): Buffer {
  const explicit = ts !== TS.implicitLE;
  const parts: Buffer[] = [];
  for (const e of [...elements].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0))) {
    const v = valueBytes(e);
    parts.push(header(e.tag, e.vr, v.length, explicit), v);
  }
  return Buffer.concat(parts);
}

/** A pending C-FIND-RSP command for the request. */
export function pendingFindCommand(sopClassUid: string, messageId: number): Buffer {
  const body = encodeElements(
    [
      { tag: '00000002', vr: 'UI', values: [sopClassUid] },
      { tag: '00000100', vr: 'US', values: [0x8020] },
      { tag: '00000120', vr: 'US', values: [messageId] },
      { tag: '00000800', vr: 'US', values: [0x0000] }, // a dataset follows
      { tag: '00000900', vr: 'US', values: [0xff00] },
    ],
    TS.implicitLE,
  );
  const length = encodeElements([{ tag: '00000000', vr: 'UL', values: [body.length] }], TS.implicitLE);
  return Buffer.concat([length, body]);
}

/** P-DATA-TF PDUs carrying one message (command, then dataset), each PDU within `maxPdu`. */
export function pdataMessage(pcId: number, command: Buffer, dataset: Buffer, maxPdu: number): Buffer {
  const room = Math.max(maxPdu, 4096) - 6; // PDV item header: length (4), context id, control
  const pdus: Buffer[] = [];
  const add = (data: Buffer, isCommand: boolean): void => {
    for (let at = 0; at < data.length || (at === 0 && data.length === 0); at += room) {
      const chunk = data.subarray(at, at + room);
      const last = at + room >= data.length;
      const pdu = Buffer.alloc(12);
      pdu.writeUInt8(0x04, 0);
      pdu.writeUInt32BE(6 + chunk.length, 2);
      pdu.writeUInt32BE(2 + chunk.length, 6);
      pdu.writeUInt8(pcId, 10);
      pdu.writeUInt8((isCommand ? 1 : 0) | (last ? 2 : 0), 11);
      pdus.push(pdu, chunk);
      if (data.length === 0) break;
    }
  };
  add(command, true);
  add(dataset, false);
  return Buffer.concat(pdus);
}
