/**
 * Cleaning free text (the C action on descriptions, comments, clinical text): remove every name
 * and identifier found anywhere in the same file's headers, and the patterns listed in
 * profile-additions.ts (dates, telephone numbers, e-mail addresses).
 */
import { vrOf } from './dictionary.js';
import { type Dataset, type ParsedFile, stringValue } from './parse.js';
import { cleanTextPatterns, minNameTokenLength } from './profile-additions.js';

/** Identifier attributes whose whole values are removed from free text wherever they appear. */
const identifierTags = new Set([
  0x00100020, // Patient ID
  0x00101000, // Other Patient IDs
  0x00080050, // Accession Number
  0x00101040, // Patient's Address
  0x00102154, // Patient's Telephone Numbers
  0x00100021, // Issuer of Patient ID
  0x00080080, // Institution Name
  0x00081010, // Station Name
  0x00200010, // Study ID
]);

/** Every name part and identifier value in the file, at any depth. */
export function collectIdentifyingTokens(file: ParsedFile): string[] {
  const tokens = new Set<string>();
  const walk = (ds: Dataset): void => {
    for (const el of ds.elements) {
      if (el.items) {
        for (const item of el.items) walk(item);
        continue;
      }
      if ((el.tag >>> 16) % 2 === 1) continue;
      const vr = el.vr === 'UN' ? vrOf(el.tag) : el.vr;
      if (vr === 'PN') {
        for (const part of stringValue(file.buf, el).split(/[\^=\\ ,]+/)) {
          const t = part.replace(/\.$/, '');
          if (t.length >= minNameTokenLength) tokens.add(t);
        }
      } else if (identifierTags.has(el.tag)) {
        for (const v of stringValue(file.buf, el).split('\\')) {
          if (v.trim().length >= minNameTokenLength) tokens.add(v.trim());
          if (el.tag === 0x00101040) for (const w of v.split(/\s+/)) if (w.length >= 3) tokens.add(w);
        }
      }
    }
  };
  walk(file.dataset);
  return [...tokens];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const cleaners = new Map<string, (text: string) => string>();

/**
 * A function that removes the given tokens and the configured patterns from text. Memoised by
 * token set: the files of one patient share their names and IDs, so one regular expression serves
 * them all.
 */
export function buildCleaner(tokens: string[], patterns = true): (text: string) => string {
  const key = `${patterns ? 1 : 0}\0${tokens.join('\0')}`;
  let c = cleaners.get(key);
  if (!c) {
    c = compileCleaner(tokens, patterns);
    if (cleaners.size >= 1024) cleaners.clear();
    cleaners.set(key, c);
  }
  return c;
}

function compileCleaner(tokens: string[], patterns: boolean): (text: string) => string {
  const sorted = [...tokens].sort((a, b) => b.length - a.length);
  const re =
    sorted.length > 0
      ? new RegExp(`(?<![\\w])(?:${sorted.map(escape).join('|')})(?![\\w])`, 'gi')
      : undefined;
  return (text: string): string => {
    let t = re ? text.replace(re, '') : text;
    if (patterns) for (const { pattern } of cleanTextPatterns) t = t.replace(pattern, '');
    return t === text ? text : t.replace(/\s{2,}/g, ' ').trim();
  };
}
