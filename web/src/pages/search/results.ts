/**
 * What the hub returns for a search (GET /api/v1/searches/{id}, one SSE `result` per node; the
 * server's own types as they arrive over JSON) and the sums the page shows. A count is a number or, when the node suppressed it, a string such as
 * "< 10"; sums add the numbers and say when some counts were suppressed.
 */
import type { Wire } from '../../api';
import type { SearchBudget as ServerBudget } from '../../../../src/hub/search/search-budget.js';
import type {
  NodeResultView,
  SearchSummary as ServerSummary,
  SearchView as ServerSearchView,
} from '../../../../src/hub/search/search.repository.js';

export type SearchView = Wire<ServerSearchView>;
export type NodeResult = Wire<NodeResultView>;
export type NodeState = NodeResult['state'];
export type FocusAnswer = NonNullable<NodeResult['answer']>;
export type Collection = FocusAnswer['collections'][number];
export type Count = Collection['subjects_count'];
export type SearchSummary = Wire<ServerSummary>;
export type SearchBudget = Wire<ServerBudget>;

export const dimensions = [
  { key: 'sex', title: 'Sex' },
  { key: 'age_band', title: 'Age at diagnosis' },
  { key: 'modality', title: 'Modality' },
  { key: 'body_part', title: 'Body part' },
  { key: 'cancer_type', title: 'Cancer type' },
] as const;
export type Dimension = (typeof dimensions)[number]['key'];

export const stateLabel: Record<NodeState, string> = {
  pending: 'waiting',
  answered: 'answered',
  offline: 'offline',
  timed_out: 'timed out',
  failed: 'failed',
  cancelled: 'cancelled',
};

export interface Sum {
  value: number;
  /** Some counts in the sum were suppressed (below the node's threshold). */
  partial: boolean;
}

export function addCount(s: Sum, c: Count): Sum {
  return typeof c === 'number'
    ? { value: s.value + c, partial: s.partial }
    : { value: s.value, partial: true };
}

export const showSum = (s: Sum): string => `${s.value.toLocaleString()}${s.partial ? ' +' : ''}`;
export const showCount = (c: Count): string => (typeof c === 'number' ? c.toLocaleString() : c);

/** Sums over sites (each site's whole-site collection, see siteCollections). */
export interface Totals {
  subjects: Sum;
  studies: Sum;
  series: Sum;
  sites: number;
}

/** The id of the collection that is a whole site; every other collection is one of its datasets. */
export const WHOLE_SITE = 'all';

/**
 * The collections whose counts add up to a site's: the whole site when the node answers for it
 * (its datasets are parts of it and would be counted twice), else every collection.
 */
export function siteCollections(n: NodeResult): Collection[] {
  const cols = n.answer?.collections ?? [];
  const whole = cols.filter((c) => c.id === WHOLE_SITE);
  return whole.length ? whole : cols;
}

export function totals(nodes: NodeResult[]): Totals {
  let t: Totals = {
    subjects: { value: 0, partial: false },
    studies: { value: 0, partial: false },
    series: { value: 0, partial: false },
    sites: 0,
  };
  for (const n of nodes) {
    if (!n.answer) continue;
    t = { ...t, sites: t.sites + 1 };
    for (const c of siteCollections(n))
      t = {
        ...t,
        subjects: addCount(t.subjects, c.subjects_count),
        studies: addCount(t.studies, c.studies_count),
        series: addCount(t.series, c.series_count),
      };
  }
  return t;
}

/** Subjects per stratum of one dimension, summed over sites (suppressed counts left out). */
export function strataSums(nodes: NodeResult[], dim: Dimension): Array<{ label: string; value: number }> {
  const sums = new Map<string, number>();
  for (const n of nodes)
    for (const c of siteCollections(n))
      for (const s of c.strata[dim]) {
        const label =
          dim === 'age_band' && /^\d+$/.test(s.value) ? `${s.value}–${Number(s.value) + 9}` : s.label;
        if (typeof s.subjects === 'number') sums.set(label, (sums.get(label) ?? 0) + s.subjects);
      }
  const bars = [...sums].map(([label, value]) => ({ label, value }));
  return dim === 'age_band'
    ? bars.sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }))
    : bars.sort((a, b) => b.value - a.value);
}

const csvCell = (v: string | number): string => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One line per site and collection: site, state, collection, subjects, studies, series, reason. */
export function reportCsv(search: SearchView): string {
  const lines = [['site', 'state', 'collection', 'subjects', 'studies', 'series', 'reason']];
  for (const n of search.nodes) {
    const cols = n.answer?.collections ?? [];
    if (cols.length === 0) lines.push([n.node_name, n.state, '', '', '', '', n.reason ?? '']);
    for (const c of cols)
      lines.push([
        n.node_name,
        n.state,
        c.name,
        String(c.subjects_count),
        String(c.studies_count),
        String(c.series_count),
        n.reason ?? '',
      ]);
  }
  return `${lines.map((l) => l.map(csvCell).join(',')).join('\n')}\n`;
}
