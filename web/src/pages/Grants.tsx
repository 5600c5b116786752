/**
 * "My grants" (browse the images of an active one) and, for data-holder representatives, the
 * grants on their organisations' datasets, which they may revoke with a reason.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { accessApi, stateBadge, type GrantView } from '../access/access-api';
import { errorText, when } from '../components/format';
import { useAsync } from '../components/useAsync';
import { useSession } from '../session';

function GrantTable({
  grants,
  representative,
  onChange,
}: {
  grants: GrantView[];
  representative: boolean;
  onChange: () => Promise<void>;
}) {
  const [error, setError] = useState<string>();
  async function revoke(g: GrantView) {
    const reason = window.prompt(`Revoke ${g.user.displayName}'s access to ${g.title}? Reason:`);
    if (!reason?.trim()) return;
    try {
      await accessApi.revokeGrant(g.id, reason.trim());
      await onChange();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>Dataset</th>
            {representative && <th>Grantee</th>}
            <th>Status</th>
            <th>Period</th>
            <th>Conditions</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {grants.map((g) => (
            <tr key={g.id} data-testid={`grant-${g.slug}`}>
              <td>
                {g.title} <Link to={`/access/requests/${g.requestId}`}>(request #{g.requestId})</Link>
              </td>
              {representative && <td>{g.user.displayName}</td>}
              <td>
                <span className={`badge ${stateBadge[g.status] ?? ''}`}>{g.status}</span>
                {g.revokeReason && <div className="muted">{g.revokeReason}</div>}
              </td>
              <td>
                {when(g.startsAt)} – {when(g.endsAt)}
              </td>
              <td>{g.conditions ?? '—'}</td>
              <td>
                {!representative && g.status === 'active' && (
                  <Link to={`/access/browse/${encodeURIComponent(g.slug)}`}>Browse images</Link>
                )}
                {representative && (g.status === 'active' || g.status === 'scheduled') && (
                  <button className="danger" onClick={() => void revoke(g)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function GrantsPage() {
  const { me } = useSession();
  const isRep = (me?.representativeOf.length ?? 0) > 0;
  const mine = useAsync(() => accessApi.listGrants('mine'));
  const theirs = useAsync(
    () => (isRep ? accessApi.listGrants('representative') : Promise.resolve([])),
    [isRep],
  );
  return (
    <>
      <section className="panel">
        <h2>My grants</h2>
        {mine.error && <p className="error">{mine.error}</p>}
        {mine.value?.length === 0 && <p className="muted">You hold no grants yet.</p>}
        {mine.value && mine.value.length > 0 && (
          <GrantTable grants={mine.value} representative={false} onChange={mine.reload} />
        )}
      </section>
      {isRep && (
        <section className="panel">
          <h2>Grants on my datasets</h2>
          {theirs.error && <p className="error">{theirs.error}</p>}
          {theirs.value?.length === 0 && <p className="muted">No grants on your organisations’ datasets.</p>}
          {theirs.value && theirs.value.length > 0 && (
            <GrantTable grants={theirs.value} representative onChange={theirs.reload} />
          )}
        </section>
      )}
    </>
  );
}
