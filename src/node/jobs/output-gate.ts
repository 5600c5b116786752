/**
 * The node's output gate (docs/jobs.md), in the spirit of SACRO/ACRO: only declared outputs within
 * their size leave; DICOM and pixel arrays never do; every count a tool declares is held to the
 * node's minimum cell count (its search release policy, src/node/privacy/release.ts), magnitude
 * cells fail when one contribution dominates, and no output may carry a UID or pseudonym of the
 * index. Outputs that fail the disclosure checks are held for the site's reviewers; the rest of
 * the failures are refused outright.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrivacyConfig } from '../../config/config.js';
import type { OutputDeclaration } from '../../model/jobs/jobs.js';
import { isSuppressed, releaseCount } from '../privacy/release.js';

/** A cell fails dominance when its largest contribution is more than this share of its total. */
export const DOMINANCE_SHARE = 0.5;
/** A JSON array of more numbers than this is taken for pixel or voxel data. */
const MAX_NUMBER_ARRAY = 256;

export interface GatedOutput {
  declaration: OutputDeclaration;
  mediaType: string;
  content: Buffer;
  verdict: 'pass' | 'hold';
  reasons: string[];
}

export interface GateResult {
  outputs: GatedOutput[];
  /** Declared outputs not written or refused outright, and undeclared files: never released. */
  refused: { name: string; reasons: string[] }[];
}

const DICOM_UID = /(?<![\d.])[12](?:\.\d+){4,}(?![\d.])/;

function mediaTypeOf(d: OutputDeclaration): string {
  if (d.mediaType) return d.mediaType;
  return d.kind === 'metrics'
    ? 'application/json'
    : d.kind === 'table'
      ? 'text/csv'
      : 'application/octet-stream';
}

function isDicom(b: Buffer): boolean {
  return b.length >= 132 && b.toString('latin1', 128, 132) === 'DICM';
}

function longNumberArray(v: unknown): boolean {
  if (Array.isArray(v))
    return (v.length > MAX_NUMBER_ARRAY && v.every((x) => typeof x === 'number')) || v.some(longNumberArray);
  if (v && typeof v === 'object') return Object.values(v).some(longNumberArray);
  return false;
}

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const [head = '', ...rest] = lines;
  return { header: head.split(','), rows: rest.map((l) => l.split(',')) };
}

function countProblems(where: string, value: unknown, policy: PrivacyConfig): string[] {
  if (typeof value !== 'number' || value === 0) return [];
  if (!Number.isFinite(value)) return [`${where} is not a number`];
  return isSuppressed(releaseCount(value, policy))
    ? [`${where} = ${value} is below the site's minimum cell count of ${policy.threshold}`]
    : [];
}

/** Disclosure checks of one output's content; refusals are thrown as strings in `refuse`. */
function check(
  d: OutputDeclaration,
  content: Buffer,
  policy: PrivacyConfig,
  identifiers: ReadonlySet<string>,
): { refuse: string[]; hold: string[] } {
  const refuse: string[] = [];
  const hold: string[] = [];
  if (isDicom(content)) return { refuse: ['is a DICOM file: images never leave the node'], hold };
  const mediaType = mediaTypeOf(d);
  if (mediaType === 'image/png') {
    if (content.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') refuse.push('is not a PNG image');
    return { refuse, hold };
  }
  const text = content.toString('utf8');
  if (Buffer.from(text, 'utf8').compare(content) !== 0) return { refuse: ['is not UTF-8 text'], hold };
  if (d.kind === 'metrics' || mediaType === 'application/json') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { refuse: ['is not valid JSON'], hold };
    }
    if (longNumberArray(json))
      refuse.push(`holds an array of more than ${MAX_NUMBER_ARRAY} numbers (pixel data?)`);
    if (d.kind === 'metrics') {
      if (!json || typeof json !== 'object' || Array.isArray(json))
        return { refuse: ['metrics must be a JSON object'], hold };
      for (const key of d.counts)
        hold.push(...countProblems(key, (json as Record<string, unknown>)[key], policy));
    }
  }
  if (d.kind === 'table') {
    const { header, rows } = parseCsv(text);
    const col = (name: string) => header.indexOf(name);
    for (const name of [...d.counts, ...(d.dominance ? [d.dominance.total, d.dominance.largest] : [])]) {
      if (col(name) < 0) refuse.push(`has no column ${name}, which the tool declares`);
    }
    if (refuse.length === 0) {
      rows.forEach((row, i) => {
        for (const name of d.counts)
          hold.push(...countProblems(`row ${i + 1} ${name}`, Number(row[col(name)]), policy));
        if (d.dominance) {
          const total = Number(row[col(d.dominance.total)]);
          const largest = Number(row[col(d.dominance.largest)]);
          if (total > 0 && largest / total > DOMINANCE_SHARE) {
            hold.push(
              `row ${i + 1} ${d.dominance.total}: one contribution is ${Math.round((100 * largest) / total)} % of the cell (dominance over ${DOMINANCE_SHARE * 100} %)`,
            );
          }
        }
      });
    }
  }
  for (const id of identifiers) {
    if (text.includes(id)) {
      hold.push('contains a pseudonym or UID of an indexed patient, study or series');
      break;
    }
  }
  if (!hold.some((h) => h.startsWith('contains')) && DICOM_UID.test(text))
    hold.push('contains something that looks like a DICOM UID');
  return { refuse, hold };
}

/** Check what a run wrote in `outputDir` against the tool's declarations and the node's policy. */
export function gateOutputs(
  outputDir: string,
  declared: readonly OutputDeclaration[],
  policy: PrivacyConfig,
  identifiers: ReadonlySet<string>,
): GateResult {
  const result: GateResult = { outputs: [], refused: [] };
  const names = new Set(declared.map((d) => d.name));
  for (const f of existsSync(outputDir) ? readdirSync(outputDir) : []) {
    if (!names.has(f)) result.refused.push({ name: f, reasons: ['not a declared output of this tool'] });
  }
  for (const d of declared) {
    const path = join(outputDir, d.name);
    const st = existsSync(path) ? lstatSync(path) : undefined;
    if (!st?.isFile()) {
      result.refused.push({
        name: d.name,
        reasons: [st ? 'is not a regular file (a link?)' : 'the tool did not write it'],
      });
      continue;
    }
    if (st.size > d.maxBytes) {
      result.refused.push({
        name: d.name,
        reasons: [`is ${st.size} bytes, over its limit of ${d.maxBytes}`],
      });
      continue;
    }
    const content = readFileSync(path);
    const { refuse, hold } = check(d, content, policy, identifiers);
    if (refuse.length > 0) result.refused.push({ name: d.name, reasons: refuse });
    else
      result.outputs.push({
        declaration: d,
        mediaType: mediaTypeOf(d),
        content,
        verdict: hold.length ? 'hold' : 'pass',
        reasons: hold,
      });
  }
  return result;
}
