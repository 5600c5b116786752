/** My notifications, newest first; opening one marks it read. */
import { useNavigate } from 'react-router-dom';
import { get, post } from '../api';
import { when } from '../components/format';
import { useAsync } from '../components/useAsync';
import { notificationsChanged, type NotificationView } from '../notifications';

export function NotificationsPage() {
  const list = useAsync(() =>
    get<{ notifications: NotificationView[]; unread: number }>('/notifications?limit=100'),
  );
  const navigate = useNavigate();
  async function open(n: NotificationView) {
    if (!n.read) await post(`/notifications/${n.id}/read`);
    notificationsChanged();
    if (n.link) void navigate(n.link);
    else await list.reload();
  }
  async function readAll() {
    await post('/notifications/read-all');
    notificationsChanged();
    await list.reload();
  }
  const items = list.value?.notifications ?? [];
  return (
    <section className="panel">
      <h2>Notifications</h2>
      {list.error && <p className="error">{list.error}</p>}
      <div className="row">
        <span className="grow">{list.value ? `${list.value.unread} unread` : ''}</span>
        <button className="secondary" onClick={() => void readAll()} disabled={!list.value?.unread}>
          Mark all read
        </button>
      </div>
      {list.value && items.length === 0 && <p className="muted">Nothing yet.</p>}
      <ul className="result-list" data-testid="notifications">
        {items.map((n) => (
          <li key={n.id} className={n.read ? 'read' : 'unread'}>
            <h4>
              <button className="link" onClick={() => void open(n)}>
                {n.read ? '' : '● '}
                {n.subject}
              </button>
            </h4>
            <p className="muted">{when(n.createdAt)}</p>
            <p>{n.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
