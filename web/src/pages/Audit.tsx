/**
 * Admin: the audit log as people read it — who (name and e-mail), what (action family), when —
 * filtered by person, family, outcome and time, a page at a time; and the hash chain's check.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { get, type ApiResult } from '../api';
import { errorText, when } from '../components/format';
import { useAsync } from '../components/useAsync';

type AuditPage = ApiResult<'/api/v1/admin/audit', 'get'>;
type AuditRecord = AuditPage['records'][number];
type Verify = ApiResult<'/api/v1/admin/audit/verify', 'get'>;

const families = ['search', 'download', 'access', 'account', 'administration'] as const;
const pageSize = 50;

function Person({ person, raw }: { person: AuditRecord['actorPerson']; raw: string }) {
  if (!person) return <>{raw}</>;
  return (
    <span title={raw}>
      {person.name} <span className="muted">&lt;{person.email}&gt;</span>
    </span>
  );
}

/** What a record's details say, in one line (counts of a download, the reason of a refusal…). */
function summary(r: AuditRecord): string {
  const d = r.details;
  const counts = d.counts as Record<string, number> | undefined;
  if (counts) {
    const parts = Object.entries(counts).map(([k, n]) => `${n.toLocaleString()} ${k}`);
    return `${parts.join(', ')}${typeof d.events === 'number' ? ` (${d.events.toLocaleString()} requests)` : ''}`;
  }
  if (typeof d.reason === 'string') return d.reason;
  return '';
}

export function AuditPage() {
  const [filters, setFilters] = useState({ person: '', family: '', outcome: '', from: '', to: '' });
  // Pages by keyset: `before` of each page seen, so "Newer" goes back.
  const [pages, setPages] = useState<(number | undefined)[]>([undefined]);
  const before = pages.at(-1);
  const params = Object.entries(filters)
    .filter(([, v]) => v !== '')
    .map(([k, v]): [string, string] => [k, k === 'from' || k === 'to' ? new Date(v).toISOString() : v]);
  if (before !== undefined) params.push(['before', String(before)]);
  params.push(['limit', String(pageSize)]);
  const query = new URLSearchParams(params).toString();
  const log = useAsync(() => get<AuditPage>(`/admin/audit?${query}`), [query]);
  const [verify, setVerify] = useState<Verify | string>();
  const setFilter = (k: keyof typeof filters, v: string) => {
    setFilters({ ...filters, [k]: v });
    setPages([undefined]);
  };

  async function runVerify() {
    try {
      setVerify(await get<Verify>('/admin/audit/verify'));
    } catch (e) {
      setVerify(errorText(e));
    }
  }

  return (
    <section className="panel">
      <h2>Audit log</h2>
      <div className="row">
        <div>
          <label htmlFor="f-person">Person</label>
          <input
            id="f-person"
            value={filters.person}
            onChange={(e) => setFilter('person', e.target.value)}
            placeholder="name or e-mail"
          />
        </div>
        <div>
          <label htmlFor="f-family">Action</label>
          <select id="f-family" value={filters.family} onChange={(e) => setFilter('family', e.target.value)}>
            <option value="">any</option>
            {families.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-outcome">Outcome</label>
          <select
            id="f-outcome"
            value={filters.outcome}
            onChange={(e) => setFilter('outcome', e.target.value)}
          >
            <option value="">any</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
            <option value="denied">denied</option>
          </select>
        </div>
        <div>
          <label htmlFor="f-from">From</label>
          <input
            id="f-from"
            type="datetime-local"
            value={filters.from}
            onChange={(e) => setFilter('from', e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="f-to">To</label>
          <input
            id="f-to"
            type="datetime-local"
            value={filters.to}
            onChange={(e) => setFilter('to', e.target.value)}
          />
        </div>
        <button className="secondary" onClick={() => void runVerify()}>
          Verify chain
        </button>
      </div>
      {typeof verify === 'string' && <p className="error">{verify}</p>}
      {verify && typeof verify !== 'string' && (
        <p role="status" className={verify.ok ? '' : 'error'}>
          {verify.ok
            ? `Chain intact: ${verify.records} records verified.`
            : `Chain broken: ${verify.problems.map((p) => `#${p.seq} ${p.message}`).join('; ')}`}
        </p>
      )}
      {log.error && <p className="error">{log.error}</p>}
      <table data-testid="audit-records">
        <thead>
          <tr>
            <th>#</th>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>On</th>
            <th>Outcome</th>
            <th>Details</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {(log.value?.records ?? []).map((r) => (
            <tr key={r.seq}>
              <td>{r.seq}</td>
              <td>{when(r.at)}</td>
              <td>
                <Person person={r.actorPerson} raw={r.actor} />
              </td>
              <td>
                {r.action} <span className="muted">({r.family})</span>
              </td>
              <td>
                {r.target?.startsWith('search:') ? (
                  <Link to={`/admin/searches/${r.target.slice('search:'.length)}`}>{r.target}</Link>
                ) : r.target ? (
                  <Person person={r.targetPerson} raw={r.target} />
                ) : (
                  ''
                )}
              </td>
              <td>
                <span className={`badge ${r.outcome === 'success' ? 'ok' : 'failed'}`}>{r.outcome}</span>
              </td>
              <td>{summary(r)}</td>
              <td>{r.ip ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.value && log.value.records.length === 0 && <p className="muted">No records match.</p>}
      <p className="row">
        <button
          className="secondary"
          disabled={pages.length <= 1}
          onClick={() => setPages(pages.slice(0, -1))}
        >
          Newer
        </button>
        <span className="muted">Page {pages.length}</span>
        <button
          className="secondary"
          disabled={!log.value?.nextBefore}
          onClick={() => log.value?.nextBefore && setPages([...pages, log.value.nextBefore])}
        >
          Older
        </button>
      </p>
    </section>
  );
}
