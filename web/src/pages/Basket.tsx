/**
 * The basket and the access request form. Saving creates a DRAFT request on the hub, which checks
 * the purpose against each dataset's data-use conditions; the request page then shows any mismatch
 * before the researcher submits.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { accessApi } from '../access/access-api';
import { clearBasket, removeFromBasket, useBasket } from '../access/basket';
import { DuoPicker, hasPrimaryPurpose, type DuoCode } from '../access/DuoPicker';
import { errorText } from '../components/format';
import { useSession } from '../session';

export function BasketPage() {
  const items = useBasket();
  const userId = useSession().me?.id ?? 0;
  const navigate = useNavigate();
  const [f, setF] = useState({
    projectTitle: '',
    projectSummary: '',
    principalInvestigator: '',
    institution: '',
    ethicsReference: '',
    durationDays: 365,
  });
  const [purpose, setPurpose] = useState<DuoCode[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const field = (name: keyof typeof f, label: string, multiline = false) => (
    <div>
      <label htmlFor={`rq-${name}`}>{label}</label>
      {multiline ? (
        <textarea
          id={`rq-${name}`}
          required
          rows={5}
          value={f[name]}
          onChange={(e) => setF({ ...f, [name]: e.target.value })}
        />
      ) : (
        <input
          id={`rq-${name}`}
          required
          value={f[name]}
          onChange={(e) => setF({ ...f, [name]: e.target.value })}
        />
      )}
    </div>
  );

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!hasPrimaryPurpose(purpose)) return setError('Pick at least one primary purpose (DUO permission).');
    setBusy(true);
    setError(undefined);
    try {
      const r = await accessApi.createRequest({
        ...f,
        durationDays: Number(f.durationDays),
        purpose,
        datasets: items.map((i) => i.slug),
      });
      await clearBasket(userId);
      void navigate(`/access/requests/${r.id}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <section className="panel" aria-labelledby="basket-h">
        <h2 id="basket-h">Basket</h2>
        {items.length === 0 ? (
          <p className="muted">
            The basket is empty. Add datasets from the <Link to="/catalogue">catalogue</Link> or a search.
          </p>
        ) : (
          <ul className="result-list" data-testid="basket-items">
            {items.map((i) => (
              <li key={i.slug} className="row">
                <span className="grow">
                  <Link to={`/datasets/${encodeURIComponent(i.slug)}`}>{i.title}</Link>
                  {i.provider && <span className="muted"> · {i.provider}</span>}
                </span>
                <button
                  className="secondary"
                  onClick={() =>
                    void removeFromBasket(userId, i.slug).catch((err: unknown) => setError(errorText(err)))
                  }
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {items.length > 0 && (
        <section className="panel" aria-labelledby="request-h">
          <h2 id="request-h">Request access</h2>
          <form onSubmit={(e) => void save(e)} className="stack">
            {field('projectTitle', 'Project title')}
            {field('projectSummary', 'Project summary', true)}
            {field('principalInvestigator', 'Principal investigator')}
            {field('institution', 'Institution')}
            {field('ethicsReference', 'Ethics approval reference')}
            <div>
              <label htmlFor="rq-duration">Requested duration (days)</label>
              <input
                id="rq-duration"
                type="number"
                min={1}
                max={1825}
                required
                value={f.durationDays}
                onChange={(e) => setF({ ...f, durationDays: Number(e.target.value) })}
              />
            </div>
            <DuoPicker value={purpose} onChange={setPurpose} />
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
            <p className="muted">
              Saving makes a draft: you see whether the purpose fits each dataset’s conditions before you
              submit it.
            </p>
            <button type="submit" disabled={busy}>
              Save draft request
            </button>
          </form>
        </section>
      )}
    </>
  );
}
