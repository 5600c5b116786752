/**
 * Federated search: build a query from the field catalogue, search every site, watch each site's
 * answer arrive (Server-Sent Events), read totals and breakdowns, download the report.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { get, post } from '../api';
import { errorText } from '../components/format';
import { useAsync } from '../components/useAsync';
import { QueryBuilder } from './search/QueryBuilder';
import { describeQuery, newRow, toLensAst, type FieldDef, type Row } from './search/query';
import { reportCsv, type NodeResult, type SearchView } from './search/results';
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

export function SearchPage() {
  const catalogue = useAsync(() => get<{ fields: FieldDef[] }>('/search/fields'));
  const fields = useMemo(() => catalogue.value?.fields ?? [], [catalogue.value]);
  const byKey = useMemo(() => new Map(fields.map((f) => [f.key, f])), [fields]);
  const [rows, setRows] = useState<Row[]>([]);
  const [searchId, setSearchId] = useState<string | undefined>();
  const [nodes, setNodes] = useState<NodeResult[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const stream = useRef<EventSource | undefined>(undefined);

  useEffect(() => {
    // A first row once the catalogue arrives.
    if (fields.length) setRows((r) => (r.length ? r : [newRow(fields[0])]));
  }, [fields]);
  useEffect(() => () => stream.current?.close(), []);

  async function run() {
    stream.current?.close();
    setError(undefined);
    setNodes([]);
    try {
      setRunning(true);
      const { id } = await post<{ id: string }>('/searches', { query: toLensAst(rows, byKey) });
      setSearchId(id);
      const view = await get<SearchView>(`/searches/${id}`);
      setNodes(view.nodes);
      const es = new EventSource(`/api/v1/searches/${id}/events`);
      stream.current = es;
      es.addEventListener('result', (e) => {
        const n = JSON.parse((e as MessageEvent<string>).data) as NodeResult;
        setNodes((prev) => upsert(prev, n));
      });
      es.addEventListener('done', () => {
        setRunning(false);
        es.close();
      });
      es.onerror = () => {
        es.close();
        setRunning(false);
        void get<SearchView>(`/searches/${id}`).then((v) => setNodes(v.nodes));
      };
    } catch (e) {
      setRunning(false);
      setError(errorText(e));
    }
  }

  async function report(kind: 'json' | 'csv') {
    if (!searchId) return;
    try {
      const view = await get<SearchView>(`/searches/${searchId}`);
      if (kind === 'json')
        download(
          `search-${searchId}.json`,
          'application/json',
          `${JSON.stringify({ description: describeQuery(rows, byKey), ...view }, null, 2)}\n`,
        );
      else download(`search-${searchId}.csv`, 'text/csv', reportCsv(view));
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="panel">
      <h2>Search</h2>
      <p className="muted">
        Count subjects, studies and series at every site. Sites answer with counts only; small counts are
        suppressed (“&lt; 10”).
      </p>
      {catalogue.error && <p className="error">{catalogue.error}</p>}
      <QueryBuilder fields={fields} rows={rows} onChange={setRows} />
      <p data-testid="query-text">Query: {describeQuery(rows, byKey)}</p>
      <div className="row">
        <button type="button" disabled={running || fields.length === 0} onClick={() => void run()}>
          Search all sites
        </button>
        {searchId && !running && (
          <>
            <button type="button" className="secondary" onClick={() => void report('json')}>
              Download report
            </button>
            <button type="button" className="secondary" onClick={() => void report('csv')}>
              Download CSV
            </button>
          </>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {searchId && <SearchResults nodes={nodes} running={running} />}
    </section>
  );
}
