/** Lists of access requests: mine, the committee's inbox, and the representatives' inbox. */
import { Link } from 'react-router-dom';
import { accessApi, requestStateLabel, stateBadge, type RequestScope } from '../access/access-api';
import { when } from '../components/format';
import { useAsync } from '../components/useAsync';

const titles: Record<RequestScope, { h: string; empty: string }> = {
  mine: { h: 'My access requests', empty: 'You have no access requests yet: start from the basket.' },
  committee: { h: 'Committee inbox', empty: 'No requests wait for the committee.' },
  representative: { h: 'Representative inbox', empty: 'No requests concern the datasets you represent.' },
};

function RequestList({ scope }: { scope: RequestScope }) {
  const list = useAsync(() => accessApi.listRequests(scope), [scope]);
  const t = titles[scope];
  return (
    <section className="panel">
      <h2>{t.h}</h2>
      {list.error && (
        <p role="alert" className="error">
          {list.error}
        </p>
      )}
      {list.value?.length === 0 && <p className="muted">{t.empty}</p>}
      {list.value && list.value.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Request</th>
              <th>State</th>
              {scope !== 'mine' && <th>Requester</th>}
              <th>Datasets</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {list.value.map((r) => (
              <tr key={r.id} data-testid={`request-${r.id}`}>
                <td>
                  <Link to={`/access/requests/${r.id}`}>
                    #{r.id} {r.projectTitle}
                  </Link>
                </td>
                <td>
                  <span className={`badge ${stateBadge[r.state] ?? ''}`}>{requestStateLabel[r.state]}</span>
                </td>
                {scope !== 'mine' && <td>{r.requester.displayName}</td>}
                <td>
                  {r.datasets.map((d) => (
                    <div key={d.catalogueEntryId}>
                      {d.title}{' '}
                      <span className={`badge ${stateBadge[d.state] ?? ''}`}>{d.state.toLowerCase()}</span>
                    </div>
                  ))}
                </td>
                <td>{when(r.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export const MyRequestsPage = () => <RequestList scope="mine" />;
export const CommitteeInboxPage = () => <RequestList scope="committee" />;
export const RepresentativeInboxPage = () => <RequestList scope="representative" />;
