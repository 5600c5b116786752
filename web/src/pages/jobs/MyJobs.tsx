/** "My jobs": the tools you ran, newest first, with each site's status. */
import { Link } from 'react-router-dom';
import { when } from '../../components/format';
import { useAsync } from '../../components/useAsync';
import { jobsApi, siteBadge } from './jobs-api';

export function MyJobsPage() {
  const jobs = useAsync(() => jobsApi.jobs(), []);
  return (
    <section>
      <h1>My jobs</h1>
      <p>
        <Link to="/jobs/run">Run a tool</Link>
      </p>
      {jobs.error && (
        <p role="alert" className="error">
          {jobs.error}
        </p>
      )}
      {jobs.value?.length === 0 && <p className="muted">No jobs yet.</p>}
      <table>
        <tbody>
          {jobs.value?.map((j) => (
            <tr key={j.id}>
              <td>
                <Link to={`/jobs/${j.id}`}>Job {j.id}</Link>
              </td>
              <td>
                {j.tool.name} {j.tool.version}
              </td>
              <td>{when(j.createdAt)}</td>
              <td>
                {j.sites.map((s) => (
                  <span key={s.site} className={`badge ${siteBadge[s.status] ?? ''}`}>
                    {s.site}: {s.status}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
