/**
 * Admin: one search as the audit log names it (`search:<id>`) — who ran it, from which address,
 * the query as sent and in normal form, and every site's released answer with the privacy loss it
 * spent — so that an auditor can see an attack (many variants of one question, padding).
 */
import { useParams } from 'react-router-dom';
import type { AuditedSearchView } from '../../../src/hub/search/search.repository.js';
import { get, type Wire } from '../api';
import { when } from '../components/format';
import { useAsync } from '../components/useAsync';
import { SearchResults } from './search/SearchResults';

type AuditedSearch = Wire<AuditedSearchView>;

export function AuditSearchPage() {
  const { id = '' } = useParams();
  const search = useAsync(() => get<AuditedSearch>(`/admin/searches/${encodeURIComponent(id)}`), [id]);
  const s = search.value;
  return (
    <section className="panel">
      <h2>Search {id}</h2>
      {search.error && <p className="error">{search.error}</p>}
      {s && (
        <>
          <dl data-testid="audited-search">
            <dt>By</dt>
            <dd>{s.user ? `${s.user.display_name} <${s.user.email}>` : 'a deleted user'}</dd>
            <dt>From</dt>
            <dd>{s.client_address ?? 'unknown'}</dd>
            <dt>When</dt>
            <dd>
              {when(s.created_at)} ({s.status})
            </dd>
            <dt>Privacy loss spent</dt>
            <dd>ε {s.nodes.reduce((sum, n) => sum + n.epsilon_spent, 0)}</dd>
          </dl>
          <h3>Query, normalised</h3>
          <pre data-testid="normalised-query">{JSON.stringify(s.normalised_query, null, 2)}</pre>
          <h3>Released answers</h3>
          <SearchResults nodes={s.nodes} running={false} />
          <details>
            <summary>Query as sent</summary>
            <pre>{JSON.stringify(s.query, null, 2)}</pre>
          </details>
        </>
      )}
    </section>
  );
}
