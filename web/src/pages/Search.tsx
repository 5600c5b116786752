/**
 * Federated search: build a query from the field catalogue, search every site, watch each site's
 * answer arrive (Server-Sent Events) or cancel the search, read totals and breakdowns, download
 * the report. The open search is in the URL (/search?id=…), so a past result can be linked; the
 * user's history, hourly budget and privacy budget left per site are shown below the builder.
 */
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { del, get, post } from '../api';
import { errorText, when } from '../components/format';
import { useAsync } from '../components/useAsync';
import { budgetText, privacyBudgetText, startErrorText } from './search/budget';
import { QueryBuilder } from './search/QueryBuilder';
import { describeQuery, fromLensAst, newRow, toLensAst, type FieldDef, type Row } from './search/query';
import {
  reportCsv,
  type NodeResult,
  type SearchBudget,
  type SearchSummary,
  type SearchView,
} from './search/results';
import { SearchHistory } from './search/SearchHistory';
import { SearchResults } from './search/SearchResults';

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function upsert(nodes: NodeResult[], n: NodeResult): NodeResult[] {
  return nodes.some((x) => x.node_id === n.node_id)
    ? nodes.map((x) => (x.node_id === n.node_id ? n : x))
    : [...nodes, n];
}

type Opened = Pick<SearchView, 'id' | 'status' | 'query' | 'created_at'>;

export function SearchPage() {
  const catalogue = useAsync(() => get<{ fields: FieldDef[] }>('/search/fields'));
  const fields = useMemo(() => catalogue.value?.fields ?? [], [catalogue.value]);
  const byKey = useMemo(() => new Map(fields.map((f) => [f.key, f])), [fields]);
  const history = useAsync(() =>
    get<{ searches: SearchSummary[]; budget: SearchBudget }>('/searches?limit=20'),
  );
  const reloadHistory = history.reload;
  const [params, setParams] = useSearchParams();
  const searchId = params.get('id') ?? undefined;
  const [rows, setRows] = useState<Row[]>([]);
  const [opened, setOpened] = useState<Opened | undefined>();
  const [nodes, setNodes] = useState<NodeResult[]>([]);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const running = starting || opened?.status === 'running';

  useEffect(() => {
    // A first row once the catalogue arrives.
    if (fields.length) setRows((r) => (r.length ? r : [newRow(fields[0])]));
  }, [fields]);

  useEffect(() => {
    // Show the search in the URL: its stored result, then (while it runs) each site as it answers.
    setOpened(undefined);
    setNodes([]);
    if (!searchId) return;
    let gone = false;
    let es: EventSource | undefined;
    const show = (v: SearchView) => {
      if (gone) return v;
      setOpened(v);
      setNodes(v.nodes);
      // However the end was learnt (done event, a dropped stream, a stored result), the history
      // row of a finished search must show its final count of sites answered.
      if (v.status !== 'running') void reloadHistory();
      return v;
    };
    const refresh = () => get<SearchView>(`/searches/${searchId}`).then(show);
    refresh()
      .then((v) => {
        if (gone || v.status !== 'running') return; // a finished search: its stored result is all
        es = new EventSource(`/api/v1/searches/${searchId}/events`);
        es.addEventListener('result', (e) => {
          const n = JSON.parse((e as MessageEvent<string>).data) as NodeResult;
          if (!gone) setNodes((prev) => upsert(prev, n));
        });
        es.addEventListener('done', () => {
          es?.close();
          void refresh();
        });
        es.onerror = () => {
          es?.close();
          void refresh();
        };
      })
      .catch((e: unknown) => !gone && setError(errorText(e)));
    return () => {
      gone = true;
      es?.close();
    };
  }, [searchId, reloadHistory]);

  async function run() {
    setError(undefined);
    setStarting(true);
    try {
      const { id } = await post<{ id: string }>('/searches', { query: toLensAst(rows, byKey) });
      setParams({ id });
    } catch (e) {
      setError(startErrorText(e));
    } finally {
      setStarting(false);
      void reloadHistory();
    }
  }

  async function cancel() {
    if (!searchId) return;
    try {
      const v = await del<SearchView>(`/searches/${searchId}`);
      setOpened(v);
      setNodes(v.nodes);
    } catch (e) {
      setError(errorText(e));
    }
  }

  const openedText = opened ? describeQuery(fromLensAst(opened.query, byKey), byKey) : '';

  async function report(kind: 'json' | 'csv') {
    if (!searchId) return;
    try {
      const view = await get<SearchView>(`/searches/${searchId}`);
      if (kind === 'json')
        download(
          `search-${searchId}.json`,
          'application/json',
          `${JSON.stringify({ description: openedText, ...view }, null, 2)}\n`,
        );
      else download(`search-${searchId}.csv`, 'text/csv', reportCsv(view));
    } catch (e) {
      setError(errorText(e));
    }
  }

  const budget = history.value ? budgetText(history.value.budget) : undefined;
  const privacyBudget = history.value ? privacyBudgetText(history.value.budget) : undefined;
  return (
    <section className="panel">
      <h2>Search</h2>
      <p className="muted">
        Count subjects, studies and series at every site and in each of its published datasets. Sites answer
        with counts only; small counts are suppressed (“&lt; 10”).
      </p>
      {catalogue.error && <p className="error">{catalogue.error}</p>}
      <QueryBuilder fields={fields} rows={rows} onChange={setRows} />
      <p data-testid="query-text">Query: {describeQuery(rows, byKey)}</p>
      <div className="row">
        <button type="button" disabled={running || fields.length === 0} onClick={() => void run()}>
          Search all sites
        </button>
        {opened?.status === 'running' && (
          <button type="button" className="secondary" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
        {opened && opened.status !== 'running' && (
          <>
            <button type="button" className="secondary" onClick={() => void report('json')}>
              Download report
            </button>
            <button type="button" className="secondary" onClick={() => void report('csv')}>
              Download CSV
            </button>
          </>
        )}
        {budget && (
          <span className="muted" data-testid="search-budget">
            {budget}
          </span>
        )}
      </div>
      {privacyBudget && (
        <p className="muted" data-testid="privacy-budget">
          {privacyBudget}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {opened && (
        <>
          <p className="muted" data-testid="opened-search">
            Search of {when(opened.created_at)}: {openedText}
            {opened.status === 'cancelled' ? ' (cancelled)' : ''}{' '}
            <button
              type="button"
              className="secondary small"
              onClick={() => setRows(fromLensAst(opened.query, byKey))}
            >
              Load this query
            </button>
          </p>
          <SearchResults nodes={nodes} running={opened.status === 'running'} />
        </>
      )}
      <h3>History</h3>
      {history.error && <p className="error">{history.error}</p>}
      <SearchHistory
        searches={history.value?.searches ?? []}
        fields={byKey}
        current={searchId}
        onLoadQuery={setRows}
      />
    </section>
  );
}
