/**
 * VR lookup for implicit-VR datasets, from dcmjs's copy of the DICOM data dictionary. Repeating
 * groups (50xx curves, 60xx overlays) are looked up with their group masked; private and unknown
 * tags are UN.
 */
import { createRequire } from 'node:module';

interface DictEntry {
  vr?: string;
  name?: string;
}

// dcmjs ships no type declarations; load it untyped and describe the one part used here.
const dcmjs = createRequire(import.meta.url)('dcmjs') as {
  data: { DicomMetaDictionary: { dictionary: Record<string, DictEntry | undefined> } };
};
const dict = dcmjs.data.DicomMetaDictionary.dictionary;

const cache = new Map<number, string>();

function key(tag: number): string {
  const s = tag.toString(16).toUpperCase().padStart(8, '0');
  return `(${s.slice(0, 4)},${s.slice(4)})`;
}

function normaliseVr(vr: string | undefined): string {
  if (!vr) return 'UN';
  if (vr === 'ox' || vr === 'OB or OW' || vr === 'OW or OB') return 'OW';
  if (vr === 'xs' || vr.startsWith('US or SS')) return 'US';
  if (vr.length !== 2 || !/^[A-Z]{2}$/.test(vr)) return 'UN';
  return vr;
}

/** The dictionary VR of a tag (UN when unknown or private). */
export function vrOf(tag: number): string {
  const hit = cache.get(tag);
  if (hit) return hit;
  const group = tag >>> 16;
  let vr: string;
  if ((tag & 0xffff) === 0) vr = 'UL';
  else if (group % 2 === 1) vr = (tag & 0xffff) >= 0x0010 && (tag & 0xffff) <= 0x00ff ? 'LO' : 'UN';
  else {
    let e = dict[key(tag)];
    if (!e && (group & 0xff00) === 0x5000) e = dict[`(50XX,${key(tag).slice(6)}`];
    if (!e && (group & 0xff00) === 0x6000) e = dict[key((0x6000 << 16) | (tag & 0xffff))];
    vr = normaliseVr(e?.vr);
  }
  cache.set(tag, vr);
  return vr;
}

/** The dictionary keyword of a tag, or its hex form. */
export function keywordOf(tag: number): string {
  const e = dict[key(tag)];
  return e?.name ?? key(tag);
}
