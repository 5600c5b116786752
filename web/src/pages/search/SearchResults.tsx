/**
 * Each site's rows as they arrive (the whole site, then each published dataset with its own
 * counts), totals over sites, and bar charts of the summed breakdowns.
 */
import { BarChart } from '../../components/BarChart';
import { AddCollectionToBasket } from '../../access/AddCollectionToBasket';
import {
  dimensions,
  showCount,
  showSum,
  stateLabel,
  strataSums,
  totals,
  type NodeResult,
  type NodeState,
  WHOLE_SITE,
} from './results';

const badge: Record<NodeState, string> = {
  pending: 'warn',
  answered: 'ok',
  offline: 'offline',
  timed_out: 'failed',
  failed: 'failed',
  cancelled: 'warn',
};

export function SearchResults({ nodes, running }: { nodes: NodeResult[]; running: boolean }) {
  const t = totals(nodes);
  const partial = t.subjects.partial || t.studies.partial || t.series.partial;
  return (
    <>
      <p data-testid="search-totals">
        <span className="stat">{showSum(t.subjects)}</span> subjects,{' '}
        <span className="stat">{showSum(t.studies)}</span> studies,{' '}
        <span className="stat">{showSum(t.series)}</span> series from {t.sites} of {nodes.length} sites
        {running ? ' (searching…)' : ''}
      </p>
      {partial && (
        <p className="muted">+ some sites suppressed counts below their threshold (shown as “&lt; 10”).</p>
      )}
      {nodes.some((n) => (n.answer?.collections.length ?? 0) > 1) && (
        <p className="muted">
          Totals count each site once; its published datasets are parts of it, on rows of their own.
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>Site</th>
            <th>Status</th>
            <th>Collection</th>
            <th>Subjects</th>
            <th>Studies</th>
            <th>Series</th>
            <th>Time</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {nodes.flatMap((n) => {
            const status = (
              <td>
                <span className={`badge ${badge[n.state]}`}>{stateLabel[n.state]}</span>
                {n.reason && <span className="muted"> {n.reason}</span>}
              </td>
            );
            const time = <td>{n.elapsed_ms == null ? '—' : `${n.elapsed_ms} ms`}</td>;
            const cols = n.answer?.collections ?? [];
            if (cols.length === 0)
              return [
                <tr key={n.node_id} data-testid={`site-${n.node_name}`}>
                  <td>{n.node_name}</td>
                  {status}
                  <td colSpan={4} className="muted">
                    —
                  </td>
                  {time}
                  <td />
                </tr>,
              ];
            return cols.map((c) => (
              <tr
                key={`${n.node_id}/${c.id}`}
                data-testid={`site-${n.node_name}`}
                data-collection={c.id}
                className={c.id === WHOLE_SITE ? undefined : 'dataset-row'}
              >
                <td>{n.answer?.provider ?? n.node_name}</td>
                {status}
                <td>
                  {c.id === WHOLE_SITE ? (
                    <strong>whole site</strong>
                  ) : (
                    <>
                      <span className="badge">dataset</span> {c.name}
                    </>
                  )}
                </td>
                <td>{showCount(c.subjects_count)}</td>
                <td>{showCount(c.studies_count)}</td>
                <td>{showCount(c.series_count)}</td>
                {time}
                <td>{c.id !== WHOLE_SITE && <AddCollectionToBasket id={c.id} name={c.name} />}</td>
              </tr>
            ));
          })}
        </tbody>
      </table>
      {t.sites > 0 && (
        <div className="grid" style={{ marginTop: '1rem' }}>
          {dimensions.map((d) => (
            <BarChart key={d.key} title={`${d.title} (subjects)`} bars={strataSums(nodes, d.key)} />
          ))}
        </div>
      )}
    </>
  );
}
