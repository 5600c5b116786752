/** Admin: every enrolled node with its live status (refreshed every few seconds); revoke. */
import { useEffect } from 'react';
import { get, post } from '../api';
import { when } from '../components/format';
import { useAsync } from '../components/useAsync';

interface NodeView {
  id: number;
  organisationId: number;
  name: string;
  status: 'active' | 'revoked';
  online: boolean;
  enrolledAt: string;
  lastSeen: string | null;
  version: string | null;
  rttMs: number | null;
  inFlight: number;
}

export function AdminNodesPage() {
  const nodes = useAsync(() => get<{ nodes: NodeView[] }>('/nodes'));
  const { reload } = nodes;
  useEffect(() => {
    const t = setInterval(() => void reload(), 3000);
    return () => clearInterval(t);
  }, [reload]);

  async function revoke(n: NodeView) {
    if (!window.confirm(`Revoke node ${n.name}? It is disconnected and refused from now on.`)) return;
    await post(`/nodes/${n.id}/revoke`);
    await reload();
  }

  const list = nodes.value?.nodes ?? [];
  const online = list.filter((n) => n.online).length;
  return (
    <section className="panel">
      <h2>Nodes</h2>
      <p>
        <span className="stat">{online}</span> of {list.length} nodes online
      </p>
      {nodes.error && <p className="error">{nodes.error}</p>}
      <table>
        <thead>
          <tr>
            <th>Node</th>
            <th>Status</th>
            <th>Last seen</th>
            <th>Version</th>
            <th>Round trip</th>
            <th>Tasks</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((n) => (
            <tr key={n.id} data-testid={`node-${n.name}`}>
              <td>{n.name}</td>
              <td>
                {n.status === 'revoked' ? (
                  <span className="badge failed">revoked</span>
                ) : (
                  <span className={`badge ${n.online ? 'online' : 'offline'}`}>
                    {n.online ? 'online' : 'offline'}
                  </span>
                )}
              </td>
              <td>{when(n.lastSeen)}</td>
              <td>{n.version ?? '—'}</td>
              <td>{n.rttMs == null ? '—' : `${n.rttMs.toFixed(1)} ms`}</td>
              <td>{n.inFlight}</td>
              <td>
                {n.status === 'active' && (
                  <button className="danger" onClick={() => void revoke(n)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
