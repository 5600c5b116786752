/**
 * C-FIND/C-MOVE/C-GET identifiers (PS3.4 C.4) ↔ the QIDO-RS search model: the request's keys as
 * match values (as dcmjs-dimse naturalizes them), and a DICOM JSON result as the response
 * identifier holding exactly the keys asked for.
 */
import { dictionaryEntry, tagOfKeyword } from '../dicomweb/dcmjs.js';
import type { DicomJson } from '../dicomweb/dicom-json.js';
import type { ResponseElement } from './dimse-encode.js';

export type QrLevel = 'PATIENT' | 'STUDY' | 'SERIES' | 'IMAGE';

/** A failure of the request itself, answered with this DIMSE status and comment. */
export class QrError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Identifier does not match SOP class (PS3.4 C.4.1.1.4). */
export const IDENTIFIER_MISMATCH = 0xa900;
/** Unable to process (PS3.4 C.4.1.1.4). */
export const UNABLE_TO_PROCESS = 0xc000;

export interface Identifier {
  level: QrLevel;
  /** Keys asked for, by keyword, with their match value ('' = universal matching). */
  keys: Map<string, string>;
}

/** Keys that steer the query rather than match or return an attribute. */
const controlKeys = new Set(['QueryRetrieveLevel', 'SpecificCharacterSet', '_vrMap']);

function personName(v: Record<string, unknown>): string {
  const parts = ['Alphabetic', 'Ideographic', 'Phonetic'].map((k) => (typeof v[k] === 'string' ? v[k] : ''));
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join('=');
}

/** A naturalized value as the text a match key carries; undefined for a sequence. */
function asText(v: unknown): string | undefined {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    const parts = v.map(asText);
    return parts.some((p) => p === undefined) ? undefined : parts.join('\\');
  }
  if (typeof v === 'object' && ('Alphabetic' in v || 'Ideographic' in v || 'Phonetic' in v))
    return personName(v);
  return undefined;
}

/** Read the identifier of a request (its naturalized elements). */
export function readIdentifier(elements: Record<string, unknown>): Identifier {
  const raw = asText(elements.QueryRetrieveLevel);
  const level = raw?.toUpperCase();
  if (level !== 'PATIENT' && level !== 'STUDY' && level !== 'SERIES' && level !== 'IMAGE') {
    throw new QrError(
      IDENTIFIER_MISMATCH,
      `QueryRetrieveLevel (0008,0052) must be PATIENT, STUDY, SERIES or IMAGE, got "${raw ?? ''}"`,
    );
  }
  const keys = new Map<string, string>();
  for (const [k, v] of Object.entries(elements)) {
    if (controlKeys.has(k)) continue;
    // Sequence keys (sequence matching) are returned empty, never matched.
    keys.set(k, asText(v) ?? '');
  }
  return { level, keys };
}

/** The DICOM tag of a naturalized key (a keyword, or 8 hex digits for unknown/private tags). */
export function tagOf(key: string): string | undefined {
  if (/^[0-9A-Fa-f]{8}$/.test(key)) return key.toUpperCase();
  return tagOfKeyword(key)?.tag;
}

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object' && v !== null) return personName(v as Record<string, unknown>);
  return '';
}

const binaryVrs = new Set(['US', 'SS', 'UL', 'SL', 'FL', 'FD']);

function element(tag: string, vr: string, values: readonly unknown[]): ResponseElement {
  return {
    tag,
    vr,
    values: binaryVrs.has(vr) ? values.map((v) => Number(v)) : values.map(textOf),
  };
}

/** The response identifier: every key asked for (empty when there is no value), level, charset. */
export function responseIdentifier(
  json: DicomJson,
  id: Identifier,
  extra: Record<string, string | number> = {},
): ResponseElement[] {
  const out: ResponseElement[] = [
    { tag: '00080005', vr: 'CS', values: ['ISO_IR 192'] },
    { tag: '00080052', vr: 'CS', values: [id.level] },
  ];
  for (const key of id.keys.keys()) {
    const tag = tagOf(key);
    const entry = tag ? dictionaryEntry(tag) : undefined;
    if (!tag || !entry || tag === '00080005' || tag === '00080052') continue;
    const given = extra[key];
    const el = json[tag];
    out.push(element(tag, el?.vr ?? entry.vr, given !== undefined ? [given] : (el?.Value ?? [])));
  }
  return out;
}
