/** Admin: browse and filter the audit log, and verify its hash chain. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { get, type ApiResult } from '../api';
import { errorText, when } from '../components/format';
import { useAsync } from '../components/useAsync';

type AuditRecord = ApiResult<'/api/v1/admin/audit', 'get'>['records'][number];

type Verify = ApiResult<'/api/v1/admin/audit/verify', 'get'>;

export function AuditPage() {
  const [filters, setFilters] = useState({ actor: '', action: '', outcome: '' });
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== '')).toString();
  const log = useAsync(() => get<{ records: AuditRecord[] }>(`/admin/audit?${query}`), [query]);
  const [verify, setVerify] = useState<Verify | string>();

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
          <label htmlFor="f-actor">Actor</label>
          <input
            id="f-actor"
            value={filters.actor}
            onChange={(e) => setFilters({ ...filters, actor: e.target.value })}
            placeholder="user:1"
          />
        </div>
        <div>
          <label htmlFor="f-action">Action</label>
          <input
            id="f-action"
            value={filters.action}
            onChange={(e) => setFilters({ ...filters, action: e.target.value })}
            placeholder="auth.*"
          />
        </div>
        <div>
          <label htmlFor="f-outcome">Outcome</label>
          <select
            id="f-outcome"
            value={filters.outcome}
            onChange={(e) => setFilters({ ...filters, outcome: e.target.value })}
          >
            <option value="">any</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
            <option value="denied">denied</option>
          </select>
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
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>When</th>
            <th>Actor</th>
            <th>Action</th>
            <th>Target</th>
            <th>Outcome</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {(log.value?.records ?? []).map((r) => (
            <tr key={r.seq}>
              <td>{r.seq}</td>
              <td>{when(r.at)}</td>
              <td>{r.actor}</td>
              <td>{r.action}</td>
              <td>
                {r.target?.startsWith('search:') ? (
                  <Link to={`/admin/searches/${r.target.slice('search:'.length)}`}>{r.target}</Link>
                ) : (
                  (r.target ?? '')
                )}
              </td>
              <td>
                <span className={`badge ${r.outcome === 'success' ? 'ok' : 'failed'}`}>{r.outcome}</span>
              </td>
              <td>{r.ip ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
