/** The tool registry for admins and committee members: every version, and review of pending ones. */
import { useState } from 'react';
import { errorText } from '../../components/format';
import { useAsync } from '../../components/useAsync';
import { jobsApi } from './jobs-api';

export function ToolReviewPage() {
  const tools = useAsync(() => jobsApi.tools(), []);
  const [error, setError] = useState<string>();
  async function review(id: number, decision: 'approve' | 'reject') {
    try {
      await jobsApi.review(id, decision);
      await tools.reload();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <section>
      <h1>Tools</h1>
      {(tools.error ?? error) && (
        <p role="alert" className="error">
          {tools.error ?? error}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>Tool</th>
            <th>Runs as</th>
            <th>Outputs</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tools.value?.map((t) => (
            <tr key={t.id} data-testid={`tool-${t.slug}-${t.version}`}>
              <td>
                {t.name} {t.version}
                <div className="muted">{t.description}</div>
              </td>
              <td>
                {t.spec.runner.kind === 'builtin'
                  ? `built-in ${t.spec.runner.builtin}`
                  : `${t.spec.runner.image}@${t.spec.runner.digest}`}
              </td>
              <td>{t.spec.outputs.map((o) => `${o.name} (${o.kind}, ≤ ${o.maxBytes} B)`).join(', ')}</td>
              <td>
                {t.state}
                {t.reviewedBy && <div className="muted">by {t.reviewedBy}</div>}
              </td>
              <td>
                {t.state === 'pending' && (
                  <div className="row">
                    <button onClick={() => void review(t.id, 'approve')}>Approve</button>
                    <button className="danger" onClick={() => void review(t.id, 'reject')}>
                      Reject
                    </button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
