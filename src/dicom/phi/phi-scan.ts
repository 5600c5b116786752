/**
 * PHI scan: read every header of every file (any depth) and report each attribute that may still
 * identify a person — names, identifiers, birth dates, addresses and telephone numbers, free text
 * containing names seen in the same file (or given originals), private attributes off the safe
 * list, and files not marked as de-identified. Publishing refuses a dataset with findings unless
 * an override is recorded (phi-override.repository.ts).
 */
import { readFileSync } from 'node:fs';
import { CieError, errorMessage } from '../../errors.js';
import { vrOf, keywordOf } from '../deid/dictionary.js';
import { type Dataset, hex, parseDicom, type ParsedFile, stringValue, findElement } from '../deid/parse.js';
import { safePrivateAttributes } from '../deid/profile-additions.js';
import { pseudonymPattern } from '../deid/remap.js';

export type PhiKind =
  | 'name'
  | 'identifier'
  | 'birth-date'
  | 'address'
  | 'telephone'
  | 'free-text-name'
  | 'private'
  | 'identity-not-removed';

export interface PhiFinding {
  kind: PhiKind;
  tag: string;
  keyword: string;
  count: number;
  /** Up to three examples: file and (shortened) value. */
  examples: { file: string; value: string }[];
}

export interface PhiScanResult {
  files: number;
  scanned: number;
  unreadable: { file: string; message: string }[];
  findings: PhiFinding[];
  /** Total of finding counts: 0 means nothing identifying was found. */
  total: number;
}

export interface PhiScanOptions {
  /** Names known from the original headers (e.g. before de-identification) to look for in text. */
  knownNames?: string[];
}

/** Dummy values our de-identifier writes; not findings. */
const dummies = new Set(['', 'ANONYMOUS', 'ANONYMIZED']);

const identifierTags = new Map<number, string>([
  [0x00100020, 'PatientID'],
  [0x00101000, 'OtherPatientIDs'],
  [0x00101002, 'OtherPatientIDsSequence'],
  [0x00080050, 'AccessionNumber'],
  [0x00100021, 'IssuerOfPatientID'],
  [0x00101090, 'MedicalRecordLocator'],
  [0x00380010, 'AdmissionID'],
  [0x00200010, 'StudyID'],
  [0x00101050, 'InsurancePlanIdentification'],
  [0x00102154, 'PatientTelephoneNumbers'],
]);
const birthTags = new Set([0x00100030, 0x00100032, 0x00101005]);
const addressTags = new Set([0x00101040, 0x00102150, 0x00102152]);
const freeTextVrs = new Set(['LO', 'LT', 'ST', 'UT', 'SH', 'UC']);
const phone = /(\+?\d[\d ()-]{7,}\d)/;

class Collector {
  readonly byKey = new Map<string, PhiFinding>();
  add(kind: PhiKind, tag: number, file: string, value: string): void {
    const key = `${kind}|${tag}`;
    let f = this.byKey.get(key);
    if (!f) {
      f = { kind, tag: `(${hex(tag)})`, keyword: keywordOf(tag), count: 0, examples: [] };
      this.byKey.set(key, f);
    }
    f.count += 1;
    if (f.examples.length < 3)
      f.examples.push({ file, value: value.length > 40 ? `${value.slice(0, 40)}…` : value });
  }
}

function nameTokens(values: string[]): RegExp | undefined {
  const tokens = new Set<string>();
  for (const v of values) {
    if (pseudonymPattern.test(v) || dummies.has(v)) continue;
    for (const p of v.split(/[\^=\\ ,]+/))
      if (p.length >= 3) tokens.add(p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
  return tokens.size ? new RegExp(`(?<![\\w])(?:${[...tokens].join('|')})(?![\\w])`, 'i') : undefined;
}

function scanFile(parsed: ParsedFile, file: string, out: Collector, known: string[]): void {
  const pns: string[] = [...known];
  const walkNames = (ds: Dataset): void => {
    for (const el of ds.elements) {
      if (el.items) el.items.forEach(walkNames);
      else if ((el.tag >>> 16) % 2 === 0 && (el.vr === 'PN' || (el.vr === 'UN' && vrOf(el.tag) === 'PN'))) {
        pns.push(stringValue(parsed.buf, el));
      }
    }
  };
  walkNames(parsed.dataset);
  const names = nameTokens(pns);
  const walk = (ds: Dataset): void => {
    const creators = new Map<number, string>();
    for (const el of ds.elements) {
      const g = el.tag >>> 16;
      const e = el.tag & 0xffff;
      if (g % 2 === 1 && e >= 0x10 && e <= 0xff) creators.set((g << 8) | e, stringValue(parsed.buf, el));
    }
    for (const el of ds.elements) {
      const g = el.tag >>> 16;
      const e = el.tag & 0xffff;
      if (g % 2 === 1) {
        if (e < 0x10 || e <= 0xff) continue;
        const creator = creators.get((g << 8) | (e >> 8)) ?? '';
        if (!safePrivateAttributes[creator]?.[g]?.includes(e & 0xff))
          out.add('private', el.tag, file, creator || '(no creator)');
        continue;
      }
      if (el.items) {
        el.items.forEach(walk);
        continue;
      }
      const vr = el.vr === 'UN' ? vrOf(el.tag) : el.vr;
      const v = stringValue(parsed.buf, el);
      if (dummies.has(v) || v === '') continue;
      if (vr === 'PN') {
        if (!pseudonymPattern.test(v)) out.add('name', el.tag, file, v);
      } else if (identifierTags.has(el.tag)) {
        if (!pseudonymPattern.test(v))
          out.add(el.tag === 0x00102154 ? 'telephone' : 'identifier', el.tag, file, v);
      } else if (birthTags.has(el.tag)) out.add('birth-date', el.tag, file, v);
      else if (addressTags.has(el.tag)) out.add('address', el.tag, file, v);
      else if (freeTextVrs.has(vr)) {
        if (names?.test(v)) out.add('free-text-name', el.tag, file, v);
        else if (phone.test(v) && vr !== 'SH') out.add('telephone', el.tag, file, v);
      }
    }
  };
  walk(parsed.dataset);
  const removed = findElement(parsed.dataset, 0x00120062);
  if (!removed || stringValue(parsed.buf, removed).toUpperCase() !== 'YES') {
    out.add(
      'identity-not-removed',
      0x00120062,
      file,
      removed ? stringValue(parsed.buf, removed) : '(absent)',
    );
  }
}

/** Scan files for attributes that may still identify a person. Unreadable files are listed. */
export function scanForPhi(files: string[], options: PhiScanOptions = {}): PhiScanResult {
  const out = new Collector();
  const result: PhiScanResult = { files: files.length, scanned: 0, unreadable: [], findings: [], total: 0 };
  for (const file of files) {
    let parsed: ParsedFile;
    try {
      parsed = parseDicom(readFileSync(file));
    } catch (err) {
      result.unreadable.push({ file, message: err instanceof CieError ? err.message : errorMessage(err) });
      continue;
    }
    result.scanned += 1;
    scanFile(parsed, file, out, options.knownNames ?? []);
  }
  result.findings = [...out.byKey.values()].sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
  result.total = result.findings.reduce((n, f) => n + f.count, 0);
  return result;
}
