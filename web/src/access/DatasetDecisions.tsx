/**
 * The datasets of a request with their states; a representative decides on the datasets of the
 * organisations they represent (approve, decline, ask for information, with a comment), and the
 * requester answers a request for information.
 */
import { useState } from 'react';
import { errorText, when } from '../components/format';
import { accessApi, stateBadge, type RequestDataset, type RequestDetail } from './access-api';

type Decision = 'APPROVED' | 'DECLINED' | 'NEEDS_INFORMATION';

function DecisionForm({
  r,
  d,
  onChange,
}: {
  r: RequestDetail;
  d: RequestDataset;
  onChange: () => Promise<void>;
}) {
  const [comment, setComment] = useState('');
  const [conditions, setConditions] = useState('');
  const [error, setError] = useState<string>();
  async function decide(decision: Decision) {
    setError(undefined);
    try {
      await accessApi.decide(r.id, d.catalogueEntryId, {
        decision,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(decision === 'APPROVED' && conditions.trim() ? { conditions: conditions.trim() } : {}),
      });
      await onChange();
    } catch (err) {
      setError(errorText(err));
    }
  }
  const id = `dec-${d.catalogueEntryId}`;
  return (
    <div className="stack" data-testid={`decide-${d.slug}`}>
      <label htmlFor={`${id}-comment`}>Comment (required to decline or ask for information)</label>
      <textarea id={`${id}-comment`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      <label htmlFor={`${id}-cond`}>Conditions of the grant (optional)</label>
      <input id={`${id}-cond`} value={conditions} onChange={(e) => setConditions(e.target.value)} />
      <div className="row">
        <button onClick={() => void decide('APPROVED')}>Approve</button>
        <button className="secondary" onClick={() => void decide('NEEDS_INFORMATION')}>
          Needs information
        </button>
        <button className="danger" onClick={() => void decide('DECLINED')}>
          Decline
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

function AnswerForm({
  r,
  d,
  onChange,
}: {
  r: RequestDetail;
  d: RequestDataset;
  onChange: () => Promise<void>;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  async function answer() {
    try {
      await accessApi.answerInformation(r.id, d.catalogueEntryId, text);
      await onChange();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <div className="stack">
      <label htmlFor={`ans-${d.catalogueEntryId}`}>Your answer</label>
      <textarea
        id={`ans-${d.catalogueEntryId}`}
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button onClick={() => void answer()} disabled={!text.trim()}>
        Send the information
      </button>
      {error && <p className="error">{error}</p>}
    </div>
  );
}

export function DatasetDecisions({ r, onChange }: { r: RequestDetail; onChange: () => Promise<void> }) {
  return (
    <section className="panel" aria-labelledby="datasets-h">
      <h3 id="datasets-h">Datasets</h3>
      <table>
        <thead>
          <tr>
            <th>Dataset</th>
            <th>Provider</th>
            <th>Decision</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {r.datasets.map((d) => (
            <tr key={d.catalogueEntryId} data-testid={`dataset-${d.slug}`}>
              <td>{d.title}</td>
              <td>{d.organisationName}</td>
              <td>
                <span className={`badge ${stateBadge[d.state] ?? ''}`}>
                  {d.state.replace('_', ' ').toLowerCase()}
                </span>
                {d.decidedBy && (
                  <div className="muted">
                    {d.decidedBy.displayName}, {when(d.decidedAt)}
                  </div>
                )}
                {d.comment && <blockquote>{d.comment}</blockquote>}
              </td>
              <td>
                {r.state === 'UNDER_REVIEW' &&
                  d.state === 'PENDING' &&
                  r.viewer.representativeFor.includes(d.catalogueEntryId) && (
                    <DecisionForm r={r} d={d} onChange={onChange} />
                  )}
                {r.state === 'UNDER_REVIEW' && d.state === 'NEEDS_INFORMATION' && r.viewer.isRequester && (
                  <AnswerForm r={r} d={d} onChange={onChange} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
