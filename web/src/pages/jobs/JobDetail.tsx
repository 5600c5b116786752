/**
 * One job, live: each site's status as it changes (the hub's Server-Sent Events), each site's
 * released outputs and what it withheld and why, the pooled result, and charts across sites.
 */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { BarChart } from '../../components/BarChart';
import { errorText, when } from '../../components/format';
import { jobsApi, siteBadge, type JobView } from './jobs-api';
import { MetricsTable, OutputView, siteMetric } from './JobResults';

export function JobDetailPage() {
  const id = Number(useParams().id);
  const [job, setJob] = useState<JobView>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let gone = false;
    let es: EventSource | undefined;
    const show = (v: JobView) => !gone && setJob(v);
    jobsApi
      .job(id)
      .then((v) => {
        show(v);
        if (gone || v.status === 'done') return;
        es = new EventSource(`/api/v1/jobs/${id}/events`);
        es.addEventListener('job', (e) => show(JSON.parse((e as MessageEvent<string>).data) as JobView));
        es.addEventListener('done', () => es?.close());
        es.onerror = () => {
          es?.close();
          void jobsApi.job(id).then(show);
        };
      })
      .catch((e: unknown) => !gone && setError(errorText(e)));
    return () => {
      gone = true;
      es?.close();
    };
  }, [id]);

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!job) return <p className="muted">Loading…</p>;
  const numericKeys = job.pooled ? Object.keys(job.pooled.metrics) : [];
  return (
    <section>
      <h1>
        Job {job.id}: {job.tool.name} {job.tool.version}
      </h1>
      <p className="muted">
        Started {when(job.createdAt)} · <span data-testid="job-status">{job.status}</span> ·{' '}
        <Link to="/jobs">all my jobs</Link>
      </p>
      <h2>Sites</h2>
      <table>
        <thead>
          <tr>
            <th>Site</th>
            <th>Datasets</th>
            <th>Status</th>
            <th>Policy</th>
          </tr>
        </thead>
        <tbody>
          {job.sites.map((s) => (
            <tr key={s.site} data-testid={`site-${s.site}`}>
              <td>{s.name}</td>
              <td>{s.datasets.join(', ')}</td>
              <td>
                <span className={`badge ${siteBadge[s.status] ?? ''}`}>{s.status}</span>
                {s.reason && <div className="muted">{s.reason}</div>}
              </td>
              <td className="muted">{s.policy ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {job.pooled && (
        <>
          <h2>Pooled over {job.pooled.sites} site(s)</h2>
          <MetricsTable metrics={job.pooled.metrics} />
          <div className="grid">
            {numericKeys
              .filter((k) => siteMetric(job.sites, k).length > 0)
              .slice(0, 4)
              .map((k) => (
                <BarChart key={k} title={`${k} per site`} bars={siteMetric(job.sites, k)} />
              ))}
          </div>
        </>
      )}
      {job.sites.map((s) => (
        <article key={s.site}>
          <h2>{s.name}</h2>
          {s.outputs.map((o) => (
            <section key={o.name}>
              <h3>
                {o.name} <span className="muted">released by {o.releasedBy.join(', ')}</span>
              </h3>
              <OutputView output={o} />
            </section>
          ))}
          {s.withheld.map((w) => (
            <p key={w.name}>
              <strong>{w.name}</strong> <span className="badge warn">{w.state}</span>{' '}
              <span className="muted">{w.reasons.join('; ')}</span>
            </p>
          ))}
          {s.log.length > 0 && (
            <details>
              <summary>Run log</summary>
              <pre>{s.log.join('\n')}</pre>
            </details>
          )}
        </article>
      ))}
    </section>
  );
}
