/**
 * Applying a node's privacy policy to the raw counts of one collection (docs/privacy.md):
 * optional cached Laplace noise, then counts below the threshold become the string "< T" and
 * the others are rounded to the step; complementary suppression so no hidden count can be
 * recovered from a total minus the visible strata; strata withheld entirely when the total is
 * hidden; the age range coarsened to the 10-year bands whose counts are shown.
 */
import type { PrivacyConfig } from '../../config/config.js';
import { type RawCounts, type RawSearchResult } from '../search/search.repository.js';
import { type Dimension, dimensions, type ReleasedCount } from '../../model/search-answer.js';

export interface ReleasedCounts {
  subjects: ReleasedCount;
  studies: ReleasedCount;
  series: ReleasedCount;
}
export interface ReleasedStratum extends ReleasedCounts {
  value: string;
}
export interface ReleasedResult {
  total: ReleasedCounts;
  /** Lower edge of the lowest and upper edge of the highest shown age band; null when none is shown. */
  ageRange: { min: number | null; max: number | null };
  strata: Record<Dimension, ReleasedStratum[]>;
}

const measures = ['subjects', 'studies', 'series'] as const;
type Measure = (typeof measures)[number];

/** The key of a count for cached noise: `total:subjects`, `modality:RID10312:series`. */
export function noiseKey(dimension: Dimension | 'total', value: string | null, measure: Measure): string {
  return dimension === 'total' ? `total:${measure}` : `${dimension}:${value ?? ''}:${measure}`;
}

/** Every count of a raw result that noise applies to. */
export function noiseKeysOf(raw: RawSearchResult): string[] {
  const keys = measures.map((m) => noiseKey('total', null, m));
  for (const d of dimensions)
    for (const s of raw.strata[d]) for (const m of measures) keys.push(noiseKey(d, s.value, m));
  return keys;
}

export function suppressionMark(policy: PrivacyConfig): `< ${number}` {
  return `< ${policy.threshold}`;
}

export function isSuppressed(c: ReleasedCount): c is `< ${number}` {
  return typeof c === 'string';
}

/** One count through threshold and rounding (after noise). */
export function releaseCount(value: number, policy: PrivacyConfig): ReleasedCount {
  if (!(value >= policy.threshold)) return suppressionMark(policy);
  const rounded = Math.round(value / policy.roundTo) * policy.roundTo;
  return Math.max(rounded, Math.ceil(policy.threshold / policy.roundTo) * policy.roundTo);
}

type Noise = (key: string) => number;

function releaseAll(
  counts: RawCounts,
  key: (m: Measure) => string,
  policy: PrivacyConfig,
  noise: Noise,
): ReleasedCounts {
  const one = (m: Measure): ReleasedCount => {
    const scale = policy.epsilon ? 1 / policy.epsilon : 0;
    return releaseCount(counts[m] + scale * noise(key(m)), policy);
  };
  return { subjects: one('subjects'), studies: one('studies'), series: one('series') };
}

/**
 * Complementary suppression within one breakdown: if exactly one stratum's count is hidden, the
 * next-smallest shown one is hidden too, so "total minus the shown strata" is always the sum of
 * two or more hidden counts, never one. A stratum whose subjects are hidden shows no counts.
 */
function protectBreakdown(raw: RawCounts[], released: ReleasedStratum[], policy: PrivacyConfig): void {
  const mark = suppressionMark(policy);
  released.forEach((s) => {
    if (isSuppressed(s.subjects)) s.studies = s.series = mark;
  });
  for (const m of measures) {
    const hidden = released.filter((s) => isSuppressed(s[m]));
    if (hidden.length !== 1) continue;
    let smallest = -1;
    released.forEach((s, i) => {
      if (!isSuppressed(s[m]) && (smallest < 0 || (raw[i]?.[m] ?? 0) < (raw[smallest]?.[m] ?? 0)))
        smallest = i;
    });
    const target = released[smallest];
    if (!target) continue;
    target[m] = mark;
    if (m === 'subjects') target.studies = target.series = mark;
  }
}

/** Apply the policy to one collection's raw counts; `noise` gives the cached unit draw of a key. */
export function releaseResult(
  raw: RawSearchResult,
  policy: PrivacyConfig,
  noise: Noise = () => 0,
): ReleasedResult {
  const total = releaseAll(raw.total, (m) => noiseKey('total', null, m), policy, noise);
  const empty: ReleasedResult = {
    total: { subjects: total.subjects, studies: suppressionMark(policy), series: suppressionMark(policy) },
    ageRange: { min: null, max: null },
    strata: { sex: [], age_band: [], modality: [], body_part: [], cancer_type: [] },
  };
  // Nothing about a group smaller than the threshold: no breakdown, no age range.
  if (isSuppressed(total.subjects)) return empty;
  const strata = { ...empty.strata };
  for (const d of dimensions) {
    const rows = raw.strata[d];
    const released = rows.map((s) => ({
      value: s.value,
      ...releaseAll(s, (m) => noiseKey(d, s.value, m), policy, noise),
    }));
    protectBreakdown(rows, released, policy);
    strata[d] = released;
  }
  const shownBands = strata.age_band
    .filter((s) => s.value !== 'unknown' && !isSuppressed(s.subjects))
    .map((s) => Number(s.value));
  const ageRange = shownBands.length
    ? { min: Math.min(...shownBands), max: Math.max(...shownBands) + 9 }
    : { min: null, max: null };
  return { total, ageRange, strata };
}
