/** The signed-in user's account: who they are, password change, personal API tokens. */
import { useState, type FormEvent } from 'react';
import { del, get, post, type ApiResult } from '../api';
import { errorText, when } from '../components/format';
import { useAsync } from '../components/useAsync';
import { useSession } from '../session';

type TokenInfo = ApiResult<'/api/v1/me/tokens', 'get'>[number];

export function AccountPage() {
  const { me } = useSession();
  const tokens = useAsync(() => get<TokenInfo[]>('/me/tokens'));
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');

  async function createToken(e: FormEvent) {
    e.preventDefault();
    try {
      const t = await post<TokenInfo & { token: string }>('/me/tokens', {
        name,
        ...(days ? { expiresInDays: Number(days) } : {}),
      });
      setCreated(t.token);
      setName('');
      await tokens.reload();
    } catch (err) {
      setMessage(errorText(err));
    }
  }

  async function revoke(id: number) {
    await del(`/me/tokens/${id}`);
    await tokens.reload();
  }

  async function changePassword(e: FormEvent) {
    e.preventDefault();
    try {
      await post('/auth/password', { currentPassword: current, newPassword: next });
      setMessage('Password changed. Your other sessions were signed out.');
      setCurrent('');
      setNext('');
    } catch (err) {
      setMessage(errorText(err));
    }
  }

  if (!me) return null;
  return (
    <>
      <section className="panel">
        <h2>Your account</h2>
        <p>
          {me.displayName} · {me.email}
        </p>
        <p>Roles: {me.roles.join(', ') || 'researcher'}</p>
        {message && <p role="status">{message}</p>}
      </section>
      <section className="panel">
        <h3>API tokens</h3>
        <p className="muted">For scripts and the `cie` command: send as `Authorization: Bearer …`.</p>
        <form className="row" onSubmit={(e) => void createToken(e)}>
          <div>
            <label htmlFor="token-name">Token name</label>
            <input id="token-name" required value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div>
            <label htmlFor="token-days">Expires in (days)</label>
            <input
              id="token-days"
              type="number"
              min={1}
              max={3650}
              value={days}
              onChange={(e) => setDays(e.target.value)}
            />
          </div>
          <button type="submit">Create token</button>
        </form>
        {created && (
          <div role="status">
            <p>Copy your new token now; it will not be shown again:</p>
            <p className="secret" data-testid="new-token">
              {created}
            </p>
          </div>
        )}
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(tokens.value ?? []).map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{when(t.createdAt)}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td>{when(t.expiresAt)}</td>
                <td>{t.revokedAt ? 'revoked' : 'active'}</td>
                <td>
                  {!t.revokedAt && (
                    <button
                      className="danger"
                      onClick={() => void revoke(t.id)}
                      aria-label={`Revoke token ${t.name}`}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h3>Change password</h3>
        <form onSubmit={(e) => void changePassword(e)}>
          <label htmlFor="pw-current">Current password</label>
          <input
            id="pw-current"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
          <label htmlFor="pw-new">New password</label>
          <input
            id="pw-new"
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
          <p>
            <button type="submit">Change password</button>
          </p>
        </form>
      </section>
    </>
  );
}
