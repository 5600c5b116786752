/**
 * What the hub returns for a search (GET /api/v1/searches/{id}, one SSE `result` per node) and
 * the sums the page shows. A count is a number or, when the node suppressed it, a string such as
 * "< 10"; sums add the numbers and say when some counts were suppressed.
 */
export type Count = number | string;

export interface Stratum {
  value: string;
  label: string;
  subjects: Count;
  studies: Count;
  series: Count;
}

export const dimensions = [
  { key: 'sex', title: 'Sex' },
  { key: 'age_band', title: 'Age at diagnosis' },
  { key: 'modality', title: 'Modality' },
  { key: 'body_part', title: 'Body part' },
  { key: 'cancer_type', title: 'Cancer type' },
] as const;
export type Dimension = (typeof dimensions)[number]['key'];

export interface Collection {
  id: string;
  name: string;
  subjects_count: Count;
  studies_count: Count;
  series_count: Count;
  strata?: Partial<Record<Dimension, Stratum[]>>;
}

export interface FocusAnswer {
  provider: string;
  collections: Collection[];
  privacy?: { threshold: number; suppressed_as: string };
}

export type NodeState = 'pending' | 'answered' | 'offline' | 'timed_out' | 'failed' | 'cancelled';

export interface NodeResult {
  node_id: number;
  node_name: string;
  state: NodeState;
  answer: FocusAnswer | null;
  reason: string | null;
  elapsed_ms: number | null;
}

export interface SearchView {
  id: string;
  status: 'running' | 'done' | 'cancelled';
  query: unknown;
  query_hash: string;
  created_at: string;
  finished_at: string | null;
  nodes: NodeResult[];
}

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

export interface Totals {
  subjects: Sum;
  studies: Sum;
  series: Sum;
  sites: number;
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
    for (const c of n.answer.collections)
      t = {
        ...t,
        subjects: addCount(t.subjects, c.subjects_count),
        studies: addCount(t.studies, c.studies_count),
        series: addCount(t.series, c.series_count),
      };
  }
  return t;
}

/** Subjects per stratum of one dimension, summed over sites and collections (suppressed counts left out). */
export function strataSums(nodes: NodeResult[], dim: Dimension): Array<{ label: string; value: number }> {
  const sums = new Map<string, number>();
  for (const n of nodes)
    for (const c of n.answer?.collections ?? [])
      for (const s of c.strata?.[dim] ?? []) {
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
