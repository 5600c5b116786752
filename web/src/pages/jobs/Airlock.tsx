/**
 * The airlock of your sites' nodes: outputs their gates held (small counts, dominance,
 * identifiers). Look at one (fetched from the node for you alone), then release or reject it;
 * it leaves once the site has the approvals it requires.
 */
import { useState } from 'react';
import { errorText, when } from '../../components/format';
import { useAsync } from '../../components/useAsync';
import { jobsApi, type AirlockAnswer, type HeldItem } from './jobs-api';
import { OutputView } from './JobResults';

const key = (h: HeldItem) => `${h.job}/${h.site}/${h.output}`;

export function AirlockPage() {
  const queue = useAsync(() => jobsApi.airlock(), []);
  const [open, setOpen] = useState<Record<string, AirlockAnswer>>({});
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();

  async function view(h: HeldItem) {
    try {
      const a = await jobsApi.held(h);
      setOpen((o) => ({ ...o, [key(h)]: a }));
    } catch (e) {
      setError(errorText(e));
    }
  }
  async function decide(h: HeldItem, decision: 'release' | 'reject') {
    setError(undefined);
    try {
      const a = await jobsApi.decide(h, decision);
      setNote(
        a.state === 'held'
          ? `${h.output}: your approval is recorded (${a.approvals.length} of ${a.needed})`
          : `${h.output}: ${a.state}`,
      );
      await queue.reload();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section>
      <h1>Airlock review</h1>
      {(queue.error ?? error) && (
        <p role="alert" className="error">
          {queue.error ?? error}
        </p>
      )}
      {note && <p role="status">{note}</p>}
      {queue.value?.length === 0 && <p className="muted">Nothing is held for review.</p>}
      {queue.value?.map((h) => {
        const a = open[key(h)];
        return (
          <article key={key(h)} data-testid={`held-${h.output}`}>
            <h2>
              Job {h.job} at {h.siteName}: {h.output}
            </h2>
            <p className="muted">
              {h.datasets.join(', ')} · {when(h.updatedAt)}
            </p>
            <ul>
              {h.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
            {a?.output ? (
              <OutputView output={a.output} />
            ) : (
              <button onClick={() => void view(h)}>View content</button>
            )}
            <div className="row">
              <button onClick={() => void decide(h, 'release')}>Release</button>
              <button className="danger" onClick={() => void decide(h, 'reject')}>
                Reject
              </button>
            </div>
          </article>
        );
      })}
    </section>
  );
}
