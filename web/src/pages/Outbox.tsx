/** Admin, demo (outbox mail mode): the mails the hub would have sent. */
import { useEffect } from 'react';
import { get } from '../api';
import { when } from '../components/format';
import { useAsync } from '../components/useAsync';

interface MailView {
  id: number;
  to: string;
  subject: string;
  text: string;
  status: string;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
}

export function OutboxPage() {
  const mails = useAsync(() => get<{ mails: MailView[] }>('/admin/outbox'));
  const { reload } = mails;
  useEffect(() => {
    const t = setInterval(() => void reload(), 5000);
    return () => clearInterval(t);
  }, [reload]);
  return (
    <section className="panel">
      <h2>Mail outbox</h2>
      <p className="muted">
        In the demo the hub keeps its e-mails here instead of sending them (CIE_HUB_MAIL_MODE=outbox).
      </p>
      {mails.error && (
        <p role="alert" className="error">
          {mails.error}
        </p>
      )}
      <ul className="result-list" data-testid="outbox">
        {mails.value?.mails.map((m) => (
          <li key={m.id}>
            <h4>{m.subject}</h4>
            <p className="muted">
              To {m.to} · {when(m.createdAt)}
            </p>
            <pre className="mail">{m.text}</pre>
          </li>
        ))}
      </ul>
    </section>
  );
}
