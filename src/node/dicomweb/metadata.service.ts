/**
 * Instance headers as DICOM JSON (PS3.18 Annex F) for WADO-RS /metadata and for includefield
 * attributes the index does not hold. Pixel Data becomes a BulkDataURI; other binary values are
 * given inline (base64) since they are small (LUTs, private blobs).
 */
import type { DicomJson, DicomJsonElement } from './dicom-json.js';
import { readPart10, type DcmjsDict, type DcmjsElement } from './dcmjs.js';

const binaryVrs = new Set(['OB', 'OW', 'OD', 'OF', 'OL', 'OV', 'UN']);

function base64Of(values: unknown[]): string {
  const parts = values.filter((v): v is ArrayBuffer => v instanceof ArrayBuffer).map((v) => Buffer.from(v));
  return Buffer.concat(parts).toString('base64');
}

function convertElement(el: DcmjsElement): DicomJsonElement | undefined {
  const vr = el.vr;
  if (!vr) return undefined;
  const values = Array.isArray(el.Value) ? (el.Value as unknown[]) : [];
  if (binaryVrs.has(vr)) {
    const b64 = base64Of(values);
    return b64 ? { vr, InlineBinary: b64 } : { vr };
  }
  if (vr === 'SQ') {
    return values.length ? { vr, Value: values.map((item) => convertDict(item as DcmjsDict)) } : { vr };
  }
  const clean = values.filter((v) => v !== undefined && v !== null && v !== '');
  return clean.length ? { vr, Value: clean } : { vr };
}

function convertDict(dict: DcmjsDict): DicomJson {
  const out: DicomJson = {};
  for (const tag of Object.keys(dict).sort()) {
    if (tag.startsWith('0002') || tag === '7FE00010') continue;
    const src = dict[tag];
    const el = src ? convertElement(src) : undefined;
    if (el) out[tag.toUpperCase()] = el;
  }
  return out;
}

/** Header of a Part 10 file as DICOM JSON; with an instance URL, Pixel Data gets a BulkDataURI. */
export function headerJson(
  bytes: Uint8Array,
  instanceUrl: string | undefined,
  encapsulated = false,
): DicomJson {
  const { dict } = readPart10(bytes);
  const out = convertDict(dict);
  if (instanceUrl && '7FE00010' in dict) {
    const bits = out['00280100']?.Value?.[0];
    const vr = encapsulated || bits === 8 ? 'OB' : 'OW';
    out['7FE00010'] = { vr, BulkDataURI: `${instanceUrl}/bulkdata/7FE00010` };
  }
  return out;
}
