/**
 * The per-node answer of a federated search, in the shape EUCAIM's Focus returns to Lens
 * (`provider`, `collections[]` with `studies_count`, `subjects_count`, `age_range`, `gender`,
 * `modalities`, `body_parts`), plus what Lens ignores and we add: series counts, stratified
 * counts, the query hash and the privacy policy the counts went through. A count is a number or,
 * when suppressed, the string "< T" (T the node's threshold).
 */

/** The federated search task both ends share: the hub sends a query, each node answers. */
export const SEARCH_TASK = 'search';

/** The id of the whole-site collection; a node's other collections are parts of it (datasets). */
export const WHOLE_SITE_ID = 'all';

/** The stratifications of every answer. */
export const dimensions = ['sex', 'age_band', 'modality', 'body_part', 'cancer_type'] as const;
export type Dimension = (typeof dimensions)[number];

/** A released count: a number (rounded, possibly noisy) or the suppression mark, e.g. "< 10". */
export type ReleasedCount = number | `< ${number}`;

export interface FocusStratum {
  /** Code (sex, modality, body part, cancer type), band start ("60") or "unknown". */
  value: string;
  label: string;
  subjects: ReleasedCount;
  studies: ReleasedCount;
  series: ReleasedCount;
}

export interface FocusCollection {
  id: string;
  name: string;
  description: string;
  studies_count: ReleasedCount;
  subjects_count: ReleasedCount;
  series_count: ReleasedCount;
  /** Age at diagnosis, coarsened to the shown 10-year bands (e.g. 50–79). */
  age_range: { min: number | null; max: number | null };
  /** Labels of the sexes, modalities and body parts whose counts are shown. */
  gender: string[];
  modalities: string[];
  body_parts: string[];
  strata: Record<Dimension, FocusStratum[]>;
}

export interface PrivacyNotice {
  threshold: number;
  round_to: number;
  /** Laplace noise epsilon; null when the node adds no noise. */
  epsilon: number | null;
  /**
   * Privacy loss of this answer: ε per collection whose noise was drawn for it (0 for repeats);
   * absent from nodes older than the privacy-loss ledger.
   */
  epsilon_spent?: number;
  /** How a suppressed count is written. */
  suppressed_as: string;
}

export interface FocusAnswer {
  provider: string;
  collections: FocusCollection[];
  query_hash: string;
  privacy: PrivacyNotice;
}
