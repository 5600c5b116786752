/** Shown instead of any page until the signed-in user has accepted the current terms of use. */
import { useState } from 'react';
import { get, post, type ApiResult } from '../api';
import { Markdown } from '../components/Markdown';
import { useAsync } from '../components/useAsync';
import { useSession } from '../session';

type TermsDoc = ApiResult<'/api/v1/terms/current', 'get'>;

export function TermsGate() {
  const terms = useAsync(() => get<TermsDoc>('/terms/current'));
  const { refresh } = useSession();
  const [error, setError] = useState<string>();
  async function accept(version: number) {
    try {
      await post('/terms/accept', { version });
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  if (terms.error) return <p className="error">{terms.error}</p>;
  if (!terms.value) return <p className="muted">Loading the terms of use…</p>;
  const doc = terms.value;
  return (
    <section className="panel">
      <h2>Terms of use (version {doc.version})</h2>
      <p className="muted">Please read and accept the current terms of use to continue.</p>
      <Markdown source={doc.body} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button onClick={() => void accept(doc.version)}>
        I accept the terms of use (version {doc.version})
      </button>
    </section>
  );
}
