/**
 * A client of the hub's search API (what `cie search` uses): start a search, follow its
 * Server-Sent Events as they arrive (one callback per site), then read the whole stored result.
 * Plus the CSV and table views of a result (one line per site and collection).
 */
import { CieError, errorCodes, type ErrorCode } from '../../errors.js';
import type { NodeResultView, SearchView } from './search.repository.js';

export interface HubSearchInput {
  hubUrl: string;
  token: string;
  query: unknown;
  /** Site (node) names; all sites when absent. */
  sites?: string[] | undefined;
  deadlineMs?: number | undefined;
  onResult?: (node: NodeResultView) => void;
  signal?: AbortSignal | undefined;
}

async function failure(res: Response, what: string): Promise<CieError> {
  let message = `${what}: HTTP ${res.status}`;
  let code: ErrorCode =
    res.status === 401 ? 'UNAUTHENTICATED' : res.status === 403 ? 'FORBIDDEN' : 'VALIDATION_FAILED';
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) message = `${what}: ${body.error.message}`;
    const c = body.error?.code;
    if (c && c in errorCodes) code = c as ErrorCode;
  } catch {
    // not JSON: keep the status
  }
  return new CieError(code, message);
}

/** Split a text/event-stream into (event, data) pairs as chunks arrive. */
async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      yield { event, data };
    }
  }
}

/** Run one search at a hub and return its whole result once every site is in. */
export async function runHubSearch(input: HubSearchInput): Promise<SearchView> {
  const base = input.hubUrl.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${input.token}`, 'content-type': 'application/json' };
  const started = await fetch(`${base}/api/v1/searches`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      query: input.query,
      ...(input.sites?.length ? { sites: input.sites } : {}),
      ...(input.deadlineMs ? { deadline_ms: input.deadlineMs } : {}),
    }),
    signal: input.signal ?? null,
  });
  if (started.status !== 201) throw await failure(started, 'search refused');
  const { id, events } = (await started.json()) as { id: string; events: string };
  const stream = await fetch(`${base}${events}`, { headers, signal: input.signal ?? null });
  if (!stream.ok || !stream.body) throw await failure(stream, 'event stream');
  for await (const e of sseEvents(stream.body)) {
    if (e.event === 'result') input.onResult?.(JSON.parse(e.data) as NodeResultView);
    if (e.event === 'done') break;
  }
  const whole = await fetch(`${base}/api/v1/searches/${id}`, { headers, signal: input.signal ?? null });
  if (!whole.ok) throw await failure(whole, 'search result');
  return (await whole.json()) as SearchView;
}

export interface ResultLine {
  site: string;
  state: string;
  collection: string;
  subjects: string;
  studies: string;
  series: string;
  note: string;
}

/** One line per site and collection (a site without an answer: one line with its state). */
export function resultLines(view: SearchView): ResultLine[] {
  return view.nodes.flatMap((n): ResultLine[] => {
    const collections = n.answer?.collections ?? [];
    if (collections.length === 0)
      return [
        {
          site: n.node_name,
          state: n.state,
          collection: '',
          subjects: '',
          studies: '',
          series: '',
          note: n.reason ?? '',
        },
      ];
    return collections.map((c) => ({
      site: n.node_name,
      state: n.state,
      collection: c.name,
      subjects: String(c.subjects_count),
      studies: String(c.studies_count),
      series: String(c.series_count),
      note: '',
    }));
  });
}

const columns: Array<keyof ResultLine> = [
  'site',
  'state',
  'collection',
  'subjects',
  'studies',
  'series',
  'note',
];

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The result as CSV: one line per site and collection, each with the search id and query hash. */
export function resultCsv(view: SearchView): string {
  const rows = resultLines(view).map((l) => columns.map((c) => csvCell(l[c])).join(','));
  return `${['search_id', 'query_hash', ...columns].join(',')}\n${rows
    .map((r) => `${view.id},${view.query_hash},${r}`)
    .join('\n')}\n`;
}

/** A fixed-width table of the result, with totals of the numeric counts. */
export function resultTable(view: SearchView): string {
  const lines = resultLines(view);
  const total = (k: 'subjects' | 'studies' | 'series'): string => {
    const nums = lines.map((l) => Number(l[k])).filter((n) => Number.isFinite(n) && n > 0);
    const hidden = lines.some((l) => l[k].startsWith('<'));
    return `${nums.reduce((a, b) => a + b, 0)}${hidden ? '+' : ''}`;
  };
  const body = [
    columns,
    ...lines.map((l) => columns.map((c) => l[c])),
    [
      'total',
      `${view.nodes.filter((n) => n.state === 'answered').length}/${view.nodes.length} answered`,
      '',
      total('subjects'),
      total('studies'),
      total('series'),
      '',
    ],
  ];
  const widths = columns.map((_, i) => Math.max(...body.map((r) => (r[i] ?? '').length)));
  return body
    .map((r) =>
      r
        .map((v, i) => (v ?? '').padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
