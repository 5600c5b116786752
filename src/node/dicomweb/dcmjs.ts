/**
 * The part of dcmjs (shipped without types) that DICOMweb uses: reading a Part 10 header into the
 * DICOM JSON model, and the standard data dictionary (keyword ↔ tag, VR).
 */
import { createRequire } from 'node:module';

export interface DcmjsElement {
  vr?: string;
  Value?: unknown;
  _rawValue?: unknown;
}
export type DcmjsDict = Record<string, DcmjsElement>;

interface DictionaryEntry {
  tag: string;
  vr: string;
  name: string;
}

interface DcmjsApi {
  data: {
    DicomMessage: {
      readFile(
        buffer: ArrayBuffer,
        opts: { untilTag?: string; includeUntilTagValue?: boolean; ignoreErrors?: boolean },
      ): { meta: DcmjsDict; dict: DcmjsDict };
    };
    DicomMetaDictionary: {
      nameMap: Record<string, DictionaryEntry | undefined>;
      dictionary: Record<string, DictionaryEntry | undefined>;
    };
  };
  log: { setLevel(level: string): void };
}

// Loaded through require so that no ambient `declare module 'dcmjs'` is needed (it ships no types).
const api = createRequire(import.meta.url)('dcmjs') as DcmjsApi;
api.log.setLevel('error');

/** Read the meta header and dataset of a Part 10 file up to (not including) Pixel Data. */
export function readPart10(bytes: Uint8Array): { meta: DcmjsDict; dict: DcmjsDict } {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return api.data.DicomMessage.readFile(ab, {
    untilTag: '7FE00010',
    includeUntilTagValue: false,
    ignoreErrors: true,
  });
}

/** The standard keyword of a tag ("00100010" → "PatientName"), its VR, or undefined. */
export function dictionaryEntry(tag: string): { keyword: string; vr: string } | undefined {
  const e = api.data.DicomMetaDictionary.dictionary[`(${tag.slice(0, 4)},${tag.slice(4)})`];
  return e ? { keyword: e.name, vr: e.vr } : undefined;
}

/** The tag ("00100010") and VR of a standard keyword, or undefined. */
export function tagOfKeyword(keyword: string): { tag: string; vr: string } | undefined {
  const e = api.data.DicomMetaDictionary.nameMap[keyword];
  if (!e || !/^\([0-9A-F]{4},[0-9A-F]{4}\)$/i.test(e.tag)) return undefined;
  return { tag: e.tag.slice(1, 5).toUpperCase() + e.tag.slice(6, 10).toUpperCase(), vr: e.vr };
}
