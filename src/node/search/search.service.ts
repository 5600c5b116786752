/**
 * Answering a federated search at a node: validate the query against the field catalogue,
 * normalise it, count each collection with one SQL statement, put the counts through the node's
 * privacy policy (with cached noise), and present them in Focus's shape.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { PrivacyConfig } from '../../config/config.js';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { fieldKeys } from '../../model/codes.js';
import { normaliseQuery, queryHash } from '../../model/query/normalise.js';
import { parseQuery } from '../../model/query/validate.js';
import { searchFields } from '../../model/search-fields.js';
import { canonicalQuery, meaningHash } from '../privacy/canonical-query.js';
import { dataProfile } from '../privacy/data-profile.repository.js';
import { cachedNoise } from '../privacy/noise.repository.js';
import {
  isSuppressed,
  noiseKeysOf,
  releaseResult,
  suppressionMark,
  type ReleasedResult,
  type ReleasedStratum,
} from '../privacy/release.js';
import type { CollectionSource, SearchCollection } from './collections.js';
import { countMatchesCached } from './answer-cache.js';
import { type RawSearchResult } from './search.repository.js';
import {
  type Dimension,
  dimensions,
  type FocusAnswer,
  type FocusCollection,
  type FocusStratum,
} from '../../model/search-answer.js';

export interface SearchNodeDeps {
  db: Kysely<NodeDB>;
  /** The site's name, shown as the Focus `provider`. */
  provider: string;
  privacy: PrivacyConfig;
  collections: CollectionSource;
}

const labelField: Record<Dimension, string | undefined> = {
  sex: fieldKeys.sex,
  modality: fieldKeys.modality,
  body_part: fieldKeys.bodyPart,
  cancer_type: fieldKeys.diagnosis,
  age_band: undefined,
};

function labelOf(d: Dimension, value: string): string {
  if (value === 'unknown') return 'unknown';
  if (d === 'age_band') return `${value}-${Number(value) + 9}`;
  return searchFields.get(labelField[d] ?? '')?.codes.get(value) ?? value;
}

function present(d: Dimension, strata: ReleasedStratum[]): FocusStratum[] {
  return strata.map((s) => ({ ...s, label: labelOf(d, s.value) }));
}

function shownLabels(strata: FocusStratum[]): string[] {
  return strata.filter((s) => !isSuppressed(s.subjects) && s.value !== 'unknown').map((s) => s.label);
}

/** The raw counts of a query that matches nothing. */
const nothing: RawSearchResult = {
  total: { subjects: 0, studies: 0, series: 0, ageMin: null, ageMax: null },
  strata: { sex: [], age_band: [], modality: [], body_part: [], cancer_type: [] },
};

/**
 * Answer a search (a Lens AST) for every collection of this node. Throws INVALID_QUERY. Counts
 * and noise go by the query's meaning over the data (canonical-query.ts), the reported hash by its
 * spelling; `epsilon_spent` is ε for each collection whose noise was drawn now (0 when every
 * answer repeats one already released).
 */
export async function answerSearch(deps: SearchNodeDeps, ast: unknown): Promise<FocusAnswer> {
  const query = normaliseQuery(parseQuery(ast));
  const canonical = canonicalQuery(query, await dataProfile(deps.db));
  const meaning = meaningHash(canonical);
  const collections = await deps.collections.collectionsOf(deps.db);
  const answers: FocusCollection[] = [];
  let spent = 0;
  for (const c of collections) {
    const raw = canonical === null ? nothing : await countMatchesCached(deps.db, canonical, meaning, c);
    const { released, fresh } = await releaseCollection(deps, raw, meaning, c);
    if (fresh) spent += deps.privacy.epsilon ?? 0;
    answers.push(presentCollection(c, released));
  }
  return {
    provider: deps.provider,
    collections: answers,
    query_hash: queryHash(query),
    privacy: {
      threshold: deps.privacy.threshold,
      round_to: deps.privacy.roundTo,
      epsilon: deps.privacy.epsilon ?? null,
      epsilon_spent: spent,
      suppressed_as: suppressionMark(deps.privacy),
    },
  };
}

async function releaseCollection(
  deps: SearchNodeDeps,
  raw: RawSearchResult,
  meaning: string,
  c: SearchCollection,
): Promise<{ released: ReleasedResult; fresh: boolean }> {
  if (!deps.privacy.epsilon) return { released: releaseResult(raw, deps.privacy), fresh: false };
  const { draws, fresh } = await cachedNoise(deps.db, meaning, c.id, noiseKeysOf(raw));
  return { released: releaseResult(raw, deps.privacy, (key) => draws.get(key) ?? 0), fresh };
}

/** A collection's released counts in Focus's shape. */
export function presentCollection(
  c: Omit<SearchCollection, 'patientFilter'>,
  released: ReleasedResult,
): FocusCollection {
  const strata = Object.fromEntries(dimensions.map((d) => [d, present(d, released.strata[d])])) as Record<
    Dimension,
    FocusStratum[]
  >;
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    studies_count: released.total.studies,
    subjects_count: released.total.subjects,
    series_count: released.total.series,
    age_range: released.ageRange,
    gender: shownLabels(strata.sex),
    modalities: shownLabels(strata.modality),
    body_parts: shownLabels(strata.body_part),
    strata,
  };
}

const taskPayload = z.object({ query: z.unknown() });

/**
 * The node's handler for a `search` task from the hub (called by the tunnel client): payload
 * `{ query: <Lens AST> }` → the Focus answer. Bad payloads and queries throw INVALID_QUERY.
 */
export function searchTaskHandler(deps: SearchNodeDeps): (payload: unknown) => Promise<FocusAnswer> {
  return async (payload) => {
    const p = taskPayload.safeParse(payload);
    if (!p.success || p.data.query === undefined) {
      throw new CieError('INVALID_QUERY', 'a search task carries { query: <Lens AST> }');
    }
    return answerSearch(deps, p.data.query);
  };
}
