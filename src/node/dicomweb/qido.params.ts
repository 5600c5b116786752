/**
 * QIDO-RS query parameters (PS3.18 §8.3.4) → a validated search: match keys with their matching
 * rule (single value, wildcard, UID list, range), includefield, limit/offset. A malformed value
 * of a supported key is a 400 that names it; a parameter this node does not know or cannot match
 * on is ignored, as other archives do, with a Warning that names it (never silently).
 */
import { CieError } from '../../errors.js';
import { dictionaryEntry, tagOfKeyword } from './dcmjs.js';
import {
  indexedByTag,
  levelsVisibleFrom,
  type IndexedAttribute,
  type QueryLevel,
} from './qido.attributes.js';
import { isUid } from './uid.js';

export type Match =
  | { attr: IndexedAttribute; kind: 'uid'; values: string[] }
  | { attr: IndexedAttribute; kind: 'text'; values: string[]; wildcard: boolean; caseInsensitive: boolean }
  | { attr: IndexedAttribute; kind: 'range'; from: string | undefined; to: string | undefined }
  | { attr: IndexedAttribute; kind: 'int'; value: number }
  | { attr: IndexedAttribute; kind: 'modalities'; values: string[] };

export interface QidoSearch {
  level: QueryLevel;
  matches: Match[];
  /** Tags to return beyond the level's defaults (match keys are returned too). */
  includeTags: Set<string>;
  includeAll: boolean;
  /** Results in this answer at most: the client's limit, capped by the node's maximum. */
  limit: number;
  offset: number;
  warnings: string[];
}

export type QueryParams = Record<string, string | string[] | undefined>;

const reserved = new Set(['limit', 'offset', 'includefield', 'fuzzymatching']);

function bad(message: string): CieError {
  return new CieError('BAD_REQUEST', message);
}

/** A query key: keyword ("PatientID") or tag ("00100020") → tag, VR; or why it is not one. */
export function resolveAttribute(
  key: string,
): { tag: string; vr: string; keyword: string } | { why: string } {
  if (/^[0-9A-Fa-f]{8}$/.test(key)) {
    const tag = key.toUpperCase();
    const e = dictionaryEntry(tag);
    return { tag, vr: e?.vr ?? 'UN', keyword: e?.keyword ?? tag };
  }
  if (key.includes('.')) return { why: `sequence matching ("${key}") is not supported by this node` };
  const t = tagOfKeyword(key);
  if (!t) return { why: `"${key}" is neither a DICOM keyword nor a tag (8 hex digits)` };
  return { tag: t.tag, vr: t.vr, keyword: key };
}

function single(params: QueryParams, key: string): string | undefined {
  const v = params[key];
  if (Array.isArray(v)) {
    if (v.length > 1) throw bad(`query parameter "${key}" is given ${v.length} times; give it once`);
    return v[0];
  }
  return v;
}

function nonNegativeInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,9}$/.test(value)) throw bad(`${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

const dateValue = /^\d{8}$/;
const timeValue = /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/;

function parseRange(attr: IndexedAttribute, value: string): Match {
  const isDate = attr.match === 'date';
  const valid = isDate ? dateValue : timeValue;
  const norm = (v: string): string | undefined => {
    if (v === '') return undefined;
    if (!valid.test(v)) {
      throw bad(
        `${attr.keyword}=${value}: expected ${isDate ? 'YYYYMMDD' : 'HHMMSS'} or a range such as ${isDate ? '20200101-20201231' : '080000-120000'}`,
      );
    }
    if (!isDate) return v;
    const iso = `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
    const d = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso)
      throw bad(`${attr.keyword}=${value}: ${v} is not a calendar date`);
    return iso;
  };
  const parts = value.split('-');
  if (parts.length === 1) {
    const v = norm(value);
    return { attr, kind: 'range', from: v, to: v };
  }
  if (parts.length !== 2 || (parts[0] === '' && parts[1] === ''))
    throw bad(`${attr.keyword}=${value} is not a valid range`);
  return { attr, kind: 'range', from: norm(parts[0] ?? ''), to: norm(parts[1] ?? '') };
}

function parseMatch(attr: IndexedAttribute, value: string): Match {
  switch (attr.match) {
    case 'none':
      throw bad(`${attr.keyword} can be returned (includefield) but not matched on`);
    case 'uid': {
      const values = value.split(/[,\\]/).map((v) => v.trim());
      for (const v of values) if (!isUid(v)) throw bad(`${attr.keyword}: "${v}" is not a valid UID`);
      return { attr, kind: 'uid', values };
    }
    case 'date':
    case 'time':
      return parseRange(attr, value);
    case 'int':
      if (!/^-?\d{1,9}$/.test(value.trim())) throw bad(`${attr.keyword} must be an integer, got "${value}"`);
      return { attr, kind: 'int', value: Number(value.trim()) };
    case 'modalities':
      return { attr, kind: 'modalities', values: value.split(/[,\\]/).filter((v) => v !== '') };
    case 'text':
    case 'pn': {
      const values = attr.vr === 'CS' ? value.split('\\') : [value];
      return {
        attr,
        kind: 'text',
        values,
        wildcard: /[*?]/.test(value),
        caseInsensitive: attr.match === 'pn',
      };
    }
  }
}

/** Validate the query parameters of a search at `level`. */
export function parseQidoParams(level: QueryLevel, params: QueryParams, maxResults: number): QidoSearch {
  const warnings: string[] = [];
  const limit = nonNegativeInt(single(params, 'limit'), 'limit');
  const offset = nonNegativeInt(single(params, 'offset'), 'offset') ?? 0;
  const fuzzy = single(params, 'fuzzymatching');
  if (fuzzy !== undefined && fuzzy !== 'false' && fuzzy !== 'true') {
    throw bad(`fuzzymatching must be true or false, got "${fuzzy}"`);
  }
  if (fuzzy === 'true') warnings.push('fuzzymatching is not supported; literal matching was used');
  const includeTags = new Set<string>();
  let includeAll = false;
  const rawInclude = params.includefield;
  const includes = (
    Array.isArray(rawInclude) ? rawInclude : rawInclude === undefined ? [] : [rawInclude]
  ).flatMap((v) => v.split(','));
  for (const inc of includes) {
    const key = inc.trim();
    if (key === '') continue;
    if (key === 'all') {
      includeAll = true;
      continue;
    }
    const a = resolveAttribute(key);
    if ('why' in a) warnings.push(`includefield ${key} was ignored: ${a.why}`);
    else includeTags.add(a.tag);
  }
  const visible = levelsVisibleFrom(level);
  const matches: Match[] = [];
  for (const key of Object.keys(params)) {
    if (reserved.has(key)) continue;
    const value = single(params, key) ?? '';
    const a = resolveAttribute(key);
    if ('why' in a) {
      warnings.push(`query parameter ${key} was ignored: ${a.why}`);
      continue;
    }
    const attr = indexedByTag.get(a.tag);
    if (!attr || attr.match === 'none') {
      warnings.push(
        `${a.keyword} (${a.tag}) was ignored: this node cannot match on it (docs/dicomweb.md lists the match keys)`,
      );
      continue;
    }
    if (!visible.includes(attr.level)) {
      throw bad(
        `${attr.keyword} is a ${attr.level}-level attribute and cannot be matched in a ${level} search`,
      );
    }
    includeTags.add(a.tag);
    if (value === '') continue; // universal matching: return the attribute, filter nothing
    matches.push(parseMatch(attr, value));
  }
  if (limit !== undefined && limit > maxResults) {
    warnings.push(
      `limit=${limit} is above this node's maximum of ${maxResults} results per answer; page with offset`,
    );
  }
  const effectiveLimit = Math.min(limit ?? maxResults, maxResults);
  return { level, matches, includeTags, includeAll, limit: effectiveLimit, offset, warnings };
}
