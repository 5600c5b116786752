/**
 * One access request: what was asked, purpose warnings, the steps open to the viewer (submit,
 * withdraw; committee: start review, decline), the per-dataset decisions and the timeline.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { accessApi, requestStateLabel, stateBadge, type RequestDetail } from '../access/access-api';
import { DatasetDecisions } from '../access/DatasetDecisions';
import { Timeline } from '../access/Timeline';
import { errorText } from '../components/format';
import { useAsync } from '../components/useAsync';
import { useLabels } from '../catalogue';

function Actions({ r, onChange }: { r: RequestDetail; onChange: () => Promise<void> }) {
  const [error, setError] = useState<string>();
  const [reason, setReason] = useState('');
  const can = (s: string) => r.viewer.allowedTransitions.includes(s as RequestDetail['state']);
  const run = async (step: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await step();
      await onChange();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const hasActions = can('SUBMITTED') || can('WITHDRAWN') || can('UNDER_REVIEW') || can('DECLINED');
  if (!hasActions) return null;
  return (
    <div className="stack">
      <div className="row">
        {can('SUBMITTED') && (
          <button onClick={() => void run(() => accessApi.transition(r.id, 'submit'))}>Submit request</button>
        )}
        {can('UNDER_REVIEW') && (
          <button onClick={() => void run(() => accessApi.transition(r.id, 'review'))}>Start review</button>
        )}
        {can('WITHDRAWN') && (
          <button
            className="secondary"
            onClick={() => void run(() => accessApi.transition(r.id, 'withdraw'))}
          >
            Withdraw
          </button>
        )}
      </div>
      {can('DECLINED') && (
        <div className="row">
          <div className="grow">
            <label htmlFor="decline-reason">Reason to decline</label>
            <input id="decline-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button
            className="danger"
            disabled={!reason.trim()}
            onClick={() => void run(() => accessApi.decline(r.id, reason))}
          >
            Decline request
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

export function RequestDetailPage() {
  const id = Number(useParams().id);
  const label = useLabels();
  const q = useAsync(() => accessApi.getRequest(id), [id]);
  const r = q.value;
  if (q.error)
    return (
      <section className="panel">
        <p role="alert" className="error">
          {q.error}
        </p>
      </section>
    );
  if (!r) return <p className="muted">Loading…</p>;
  return (
    <>
      <section className="panel">
        <p>
          <Link to="/access/requests">← My requests</Link>
        </p>
        <h2>
          #{r.id} {r.projectTitle}{' '}
          <span className={`badge ${stateBadge[r.state] ?? ''}`} data-testid="request-state">
            {requestStateLabel[r.state]}
          </span>
        </h2>
        <p className="muted">
          {r.requester.displayName} · PI {r.principalInvestigator}, {r.institution} · ethics{' '}
          {r.ethicsReference} · {r.durationDays} days
        </p>
        <p>{r.projectSummary}</p>
        <p>
          Purpose:{' '}
          {r.purpose.map((c) => (
            <span key={c} className="badge" title={c}>
              {label(c)}
            </span>
          ))}
        </p>
        {r.warnings.length > 0 && (
          <div className="warning" role="alert" data-testid="purpose-warnings">
            <strong>The purpose does not fit every dataset’s data-use conditions:</strong>
            <ul>
              {r.warnings.map((w, i) => (
                <li key={i}>
                  <strong>{w.slug}</strong> ({w.code}): {w.message}
                </li>
              ))}
            </ul>
            The representatives will likely decline these datasets unless you change the purpose or explain
            why.
          </div>
        )}
        <Actions r={r} onChange={q.reload} />
      </section>
      <DatasetDecisions r={r} onChange={q.reload} />
      <Timeline r={r} onChange={q.reload} />
    </>
  );
}
