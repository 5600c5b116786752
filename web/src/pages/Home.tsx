/** The public dashboard: what the federation's catalogue holds, in totals and bar charts. */
import { Link } from 'react-router-dom';
import { get } from '../api';
import { formatBytes, useLabels, type CatalogueStats, type StatBar } from '../catalogue';
import { BarChart } from '../components/BarChart';
import { useAsync } from '../components/useAsync';
import { useSession } from '../session';

export function HomePage() {
  const { me } = useSession();
  const label = useLabels();
  const stats = useAsync(() => get<CatalogueStats>('/catalogue/stats'), []);
  const s = stats.value;
  const bars = (list: StatBar[]) =>
    list.slice(0, 12).map((b) => ({ label: label(b.value), value: b.subjects }));
  const n = (v: number | undefined) => v?.toLocaleString();
  const totals: Array<[string, string | undefined]> = [
    ['Datasets', n(s?.totals.datasets)],
    ['Subjects', n(s?.totals.subjects)],
    ['Studies', n(s?.totals.studies)],
    ['Series', n(s?.totals.series)],
    ['Images', n(s?.totals.instances)],
    ['Size', s ? formatBytes(s.totals.sizeBytes) : undefined],
    ['Providers', n(s?.totals.providers)],
    ['Countries', n(s?.totals.countries)],
  ];

  return (
    <>
      <section className="panel">
        <h2>Cancer imaging, federated</h2>
        <p>
          This hub links cancer imaging collections held at hospitals across Europe. Data stays at each site;
          the hub lets you find datasets, ask every site how many subjects match your question, and request
          access.
        </p>
        <p>
          <Link to="/catalogue">Browse the catalogue</Link>
          {!me && (
            <>
              {' '}
              or <Link to="/sign-in">sign in</Link> to search and request access
            </>
          )}
          .
        </p>
      </section>
      <section className="panel" aria-labelledby="totals-h">
        <h3 id="totals-h">The catalogue in numbers</h3>
        {stats.error && (
          <p role="alert" className="error">
            {stats.error}
          </p>
        )}
        <dl className="numbers">
          {totals.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className="stat" data-testid={`total-${k.toLowerCase()}`}>
                {v ?? '…'}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      {s && (
        <section className="panel" aria-labelledby="charts-h">
          <h3 id="charts-h">Subjects by…</h3>
          <div className="grid">
            <BarChart title="Cancer type" bars={bars(s.byCancerType)} />
            <BarChart title="Modality" bars={bars(s.byModality)} />
            <BarChart title="Body part" bars={bars(s.byBodyPart)} />
            <BarChart title="Country" bars={bars(s.byCountry)} />
          </div>
        </section>
      )}
    </>
  );
}
