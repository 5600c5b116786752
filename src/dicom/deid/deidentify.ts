/**
 * De-identify one DICOM file in memory: apply the compiled Table E.1-1 profile to every element at
 * every sequence depth, remap UIDs, shift dates, replace the patient identity by a pseudonym, and
 * record what was done. Kept elements (pixel data included) are copied byte for byte; the
 * output keeps the input's transfer syntax.
 */
import { deflateRawSync } from 'node:zlib';
import { CieError } from '../../errors.js';
import { vrOf } from './dictionary.js';
import { assessBurnedInRisk } from './pixel-risk.js';
import { keepUidTags, safePrivateAttributes, scrubUnlistedText } from './profile-additions.js';
import { type CompiledProfile, type Rule, ruleFor } from './profile.js';
import { buildCleaner, collectIdentifyingTokens } from './clean.js';
import { type Dataset, type Element, type Encoding, getString, parseDicom, stringValue } from './parse.js';
import { TS, UNDEFINED_LENGTH as UNDEFINED } from '../encoding.js';
import { type Remapper, shiftDate, shiftDateTime } from './remap.js';
import { dummyFor, fileMeta, header, type Out, sequenceElement, TEXT_VRS, textElement } from './write.js';
import { methodCodes, methodText } from './method.js';

export interface DeidSettings {
  profile: CompiledProfile;
  remapper: Remapper;
}

export interface DeidInfo {
  originalPatientId: string | undefined;
  pseudonym: string;
  /** Days subtracted from every date (0 when dates are not shifted). */
  shiftDays: number;
  sopClassUid: string;
  sopInstanceUid: string;
  /** The Study Instance UID as received (to check it against what a sender named). */
  sourceStudyInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  modality: string;
  transferSyntaxUid: string;
  /** Why the pixels may show identifying text (empty: no known risk). */
  burnedInRisk: string[];
  warnings: string[];
}

export interface DeidOutput {
  output: Buffer;
  info: DeidInfo;
}

/**
 * The output as a few byte ranges, in file order: long kept elements (pixel data) are views of
 * the input buffer, never copied, and everything else is gathered into one buffer per run
 * (see `gather`), so a caller writes the file with one short gathered write (`writev`).
 */
export interface DeidParts {
  parts: Buffer[];
  /** Total bytes of `parts`. */
  size: number;
  info: DeidInfo;
}

type Act = 'X' | 'Z' | 'D' | 'K' | 'U' | 'CLEAN' | 'SCRUB' | 'SHIFT' | 'RECURSE' | 'EMPTY';

// Attributes written by the engine itself at the top level (after the profile has run).
const PATIENT_NAME = 0x00100010;
const PATIENT_ID = 0x00100020;
const IDENTITY_REMOVED = 0x00120062;
const METHOD = 0x00120063;
const METHOD_CODES = 0x00120064;
const LONGITUDINAL = 0x00280303;
/** Free-text VRs scrubbed of this file's names and IDs under Clean Descriptors (profile-additions.ts). */
const scrubbedVrs = new Set(['LO', 'LT', 'ST', 'UT', 'UC', 'SH']);
/** Coded values are never scrubbed: they come from coding schemes, not from people. */
const codeTags = new Set([
  0x00080100, 0x00080102, 0x00080103, 0x00080119, 0x00080120, 0x00080105, 0x00080106,
]);
const written = new Set([PATIENT_NAME, PATIENT_ID, IDENTITY_REMOVED, METHOD, METHOD_CODES, LONGITUDINAL]);

interface Ctx {
  buf: Buffer;
  profile: CompiledProfile;
  remap: Remapper;
  shift: number;
  clean: (s: string) => string;
  /** Removes only names and identifiers of this file (text the table keeps implicitly). */
  scrub: (s: string) => string;
}

/** Map a table action (after options) to what the engine does with this element. */
export function actionFor(rule: Rule | undefined, el: Element, shifting: boolean, scrub = false): Act {
  const seq = el.items !== undefined;
  const vr = el.vr === 'UN' ? vrOf(el.tag) : el.vr;
  // (no closure here: this runs for every element of every file)
  const keep: Act = seq ? 'RECURSE' : shifting && (vr === 'DA' || vr === 'DT') ? 'SHIFT' : 'K';
  if (!rule) {
    if (seq) return 'RECURSE';
    if (vr === 'UI' && !keepUidTags.has(el.tag)) return 'U';
    if (vr === 'PN') return 'D'; // a person's name the table does not list: never kept
    if (scrub && scrubbedVrs.has(vr) && !codeTags.has(el.tag)) return 'SCRUB';
    return keep;
  }
  switch (rule.action) {
    case 'K':
      return keep;
    case 'X':
      return 'X';
    case 'Z':
      return seq ? 'EMPTY' : 'Z';
    case 'D':
    case 'Z/D':
      return seq ? 'RECURSE' : 'D';
    case 'U':
    case 'X/Z/U*':
      return seq ? 'RECURSE' : 'U';
    case 'C':
      if (seq) return 'RECURSE';
      return rule.clean === 'shift' ? 'SHIFT' : 'CLEAN';
    case 'X/Z':
      return seq ? 'EMPTY' : 'Z';
    case 'X/D':
      return seq ? 'X' : 'D';
    case 'X/Z/D':
      return seq ? 'EMPTY' : 'D'; // an empty sequence satisfies type 2 without carrying anything
    default:
      return 'X'; // an action this engine does not know: remove, never leak
  }
}

function emit(el: Element, act: Act, enc: Encoding, ctx: Ctx, depth: number, rule?: Rule): Out | undefined {
  const { buf } = ctx;
  const vr = el.vr === 'UN' ? vrOf(el.tag) : el.vr;
  switch (act) {
    case 'X':
      return undefined;
    case 'K':
      return { tag: el.tag, parts: [buf.subarray(el.start, el.end)] };
    case 'Z':
    case 'EMPTY':
      return { tag: el.tag, parts: [header(el.tag, el.vr, 0, enc)] };
    case 'RECURSE': {
      const itemEnc = el.itemEncoding ?? enc;
      const items = (el.items ?? []).map((ds) => processDataset(ds, itemEnc, ctx, depth + 1));
      return sequenceElement(el.tag, el.vr, items, enc, itemEnc);
    }
    case 'U': {
      const v = stringValue(buf, el);
      return textElement(
        el.tag,
        el.vr,
        v
          .split('\\')
          .map((u) => ctx.remap.uid(u.trim()))
          .join('\\'),
        enc,
      );
    }
    case 'D': {
      if (vr === 'UI') return emit(el, 'U', enc, ctx, depth);
      const dummy = dummyFor(vr);
      if (dummy !== undefined) return textElement(el.tag, el.vr, dummy, enc);
      const len = el.length === UNDEFINED ? 0 : el.length;
      return { tag: el.tag, parts: [header(el.tag, el.vr, len, enc), Buffer.alloc(len)] };
    }
    case 'CLEAN': {
      if (!TEXT_VRS.has(vr)) return undefined;
      if (vr === 'UI') return emit(el, 'U', enc, ctx, depth);
      if (vr === 'DA' || vr === 'DT') return emit(el, 'SHIFT', enc, ctx, depth);
      const cleaned = ctx.clean(stringValue(buf, el));
      // Cleaned to nothing: an attribute the Basic Profile would give a dummy keeps a dummy (type 1).
      if (cleaned === '' && rule?.basic.includes('D')) return emit(el, 'D', enc, ctx, depth);
      return textElement(el.tag, el.vr, cleaned, enc);
    }
    case 'SCRUB': {
      const v = stringValue(buf, el);
      const s = ctx.scrub(v);
      if (s === v) return { tag: el.tag, parts: [buf.subarray(el.start, el.end)] };
      return textElement(el.tag, el.vr, s === '' ? (dummyFor(vr) ?? '') : s, enc);
    }
    case 'SHIFT': {
      if (vr === 'DA') return textElement(el.tag, el.vr, shiftDate(stringValue(buf, el), ctx.shift), enc);
      if (vr === 'DT') return textElement(el.tag, el.vr, shiftDateTime(stringValue(buf, el), ctx.shift), enc);
      return { tag: el.tag, parts: [buf.subarray(el.start, el.end)] };
    }
    default: {
      const never: never = act;
      throw new Error(`unhandled action ${String(never)}`);
    }
  }
}

/** Private attributes: removed, except those on the safe list when Retain Safe Private is on. */
function keepPrivate(el: Element, creators: Map<number, string>, ctx: Ctx): boolean {
  if (!ctx.profile.options.retainSafePrivate) return false;
  const group = el.tag >>> 16;
  const elem = el.tag & 0xffff;
  if (elem < 0x0010) return false;
  if (elem <= 0x00ff) {
    const creator = creators.get((group << 8) | elem);
    return creator !== undefined && safePrivateAttributes[creator]?.[group] !== undefined;
  }
  const creator = creators.get((group << 8) | (elem >> 8));
  if (creator === undefined) return false;
  return safePrivateAttributes[creator]?.[group]?.includes(elem & 0xff) ?? false;
}

function processDataset(ds: Dataset, enc: Encoding, ctx: Ctx, depth: number): Out[] {
  const creators = new Map<number, string>();
  for (const el of ds.elements) {
    const g = el.tag >>> 16;
    const e = el.tag & 0xffff;
    if (g % 2 === 1 && e >= 0x10 && e <= 0xff) creators.set((g << 8) | e, stringValue(ctx.buf, el));
  }
  const out: Out[] = [];
  for (const el of ds.elements) {
    const group = el.tag >>> 16;
    if (group === 0x0002 || group === 0x0000) continue; // meta and command groups do not belong here
    if (depth === 0 && written.has(el.tag)) continue;
    if (group % 2 === 1) {
      if (keepPrivate(el, creators, ctx))
        out.push({ tag: el.tag, parts: [ctx.buf.subarray(el.start, el.end)] });
      continue;
    }
    const rule = ruleFor(ctx.profile, el.tag);
    const act = actionFor(rule, el, ctx.shift > 0, ctx.profile.options.cleanDescriptors && scrubUnlistedText);
    const o = emit(el, act, enc, ctx, depth, rule);
    if (o) out.push(o);
  }
  return out;
}

/** De-identify one file held in memory. Throws CieError(DICOM_INVALID) on unreadable input. */
export function deidentifyBuffer(input: Buffer, settings: DeidSettings): DeidOutput {
  const { parts, size, info } = deidentifyToParts(input, settings);
  return { output: Buffer.concat(parts, size), info };
}

/** Ranges shorter than this are copied together; longer ones (pixel data) stay views. */
const GATHER_MAX = 8192;

/**
 * Few ranges for one gathered write: runs of short ranges (element headers, rewritten and short
 * kept values, ~100 per file) are copied into one buffer, long kept ranges stay views of the
 * input, merged when they follow each other in the same memory. A CT slice becomes two ranges.
 */
function gather(parts: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  let short: Buffer[] = [];
  let shortBytes = 0;
  const flush = (): void => {
    if (short.length > 0)
      out.push(short.length === 1 ? (short[0] as Buffer) : Buffer.concat(short, shortBytes));
    short = [];
    shortBytes = 0;
  };
  for (const p of parts) {
    if (p.length === 0) continue;
    if (p.length < GATHER_MAX) {
      short.push(p);
      shortBytes += p.length;
      continue;
    }
    flush();
    const last = out[out.length - 1];
    if (last && last.buffer === p.buffer && last.byteOffset + last.length === p.byteOffset)
      out[out.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + p.length);
    else out.push(p);
  }
  flush();
  return out;
}

/** De-identify one file held in memory, as byte ranges (see DeidParts). */
export function deidentifyToParts(input: Buffer, settings: DeidSettings): DeidParts {
  const file = parseDicom(input);
  const { profile, remapper } = settings;
  const warnings: string[] = [];
  const top = file.dataset;
  const patientId = getString(file, PATIENT_ID) || undefined;
  const studyUid = getString(file, 0x0020000d) ?? '';
  const seriesUid = getString(file, 0x0020000e) ?? '';
  const sopUid = getString(file, 0x00080018) || getString(file, 0x00020003, file.meta) || '';
  const sopClass = getString(file, 0x00080016) || getString(file, 0x00020002, file.meta) || '';
  if (!sopUid) throw new CieError('DICOM_INVALID', 'the file has no SOP Instance UID (0008,0018)');
  if (!sopClass) throw new CieError('DICOM_INVALID', 'the file has no SOP Class UID (0008,0016)');
  let patientKey = patientId;
  if (!patientKey) {
    warnings.push('NO_PATIENT_ID: pseudonym and date shift derived from the Study Instance UID');
    patientKey = `study:${studyUid || sopUid}`;
  }
  const shifting = profile.options.retainLongitudinalModifiedDates;
  const shift = shifting ? remapper.shiftDays(patientKey) : 0;
  const pseudonym = remapper.pseudonym(patientKey);
  const tokens = collectIdentifyingTokens(file);
  const ctx: Ctx = {
    buf: file.buf,
    profile,
    remap: remapper,
    shift,
    clean: buildCleaner(tokens),
    scrub: buildCleaner(tokens, false),
  };
  const enc = file.encoding;
  const out = processDataset(top, enc, ctx, 0);
  out.push(
    textElement(PATIENT_NAME, 'PN', pseudonym, enc),
    textElement(PATIENT_ID, 'LO', pseudonym, enc),
    ...methodElements(profile, enc),
  );
  out.sort((a, b) => a.tag - b.tag);
  const newSop = remapper.uid(sopUid);
  const parts: Buffer[] = [fileMeta(sopClass, newSop, file.transferSyntaxUid)];
  if (file.transferSyntaxUid === TS.deflatedLE)
    parts.push(deflateRawSync(Buffer.concat(out.flatMap((o) => o.parts))));
  else for (const o of out) for (const p of o.parts) parts.push(p);
  const merged = gather(parts);
  let size = 0;
  for (const p of merged) size += p.length;
  return {
    parts: merged,
    size,
    info: {
      originalPatientId: patientId,
      pseudonym,
      shiftDays: shift,
      sopClassUid: sopClass,
      sopInstanceUid: newSop,
      sourceStudyInstanceUid: studyUid,
      studyInstanceUid: remapper.uid(studyUid),
      seriesInstanceUid: remapper.uid(seriesUid),
      modality: getString(file, 0x00080060) ?? '',
      transferSyntaxUid: file.transferSyntaxUid,
      burnedInRisk: assessBurnedInRisk(file),
      warnings,
    },
  };
}

const methodCache = new WeakMap<CompiledProfile, Map<string, Out[]>>();

/** The elements recording the method: the same for every file of a profile and encoding. */
function methodElements(profile: CompiledProfile, enc: Encoding): Out[] {
  let byEnc = methodCache.get(profile);
  if (!byEnc) {
    byEnc = new Map();
    methodCache.set(profile, byEnc);
  }
  const key = `${enc.explicit}${enc.littleEndian}`;
  let els = byEnc.get(key);
  if (!els) {
    const o = profile.options;
    els = [
      textElement(IDENTITY_REMOVED, 'CS', 'YES', enc),
      textElement(METHOD, 'LO', methodText(o).join('\\'), enc),
      sequenceElement(
        METHOD_CODES,
        'SQ',
        methodCodes(o).map((c) => codeItem(c, enc)),
        enc,
        enc,
      ),
      textElement(LONGITUDINAL, 'CS', o.retainLongitudinalModifiedDates ? 'MODIFIED' : 'REMOVED', enc),
    ];
    byEnc.set(key, els);
  }
  return els;
}

function codeItem(c: { value: string; meaning: string }, enc: Encoding): Out[] {
  return [
    textElement(0x00080100, 'SH', c.value, enc),
    textElement(0x00080102, 'SH', 'DCM', enc),
    textElement(0x00080104, 'LO', c.meaning, enc),
  ];
}
