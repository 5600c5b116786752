/** Admin: list, create and disable users; set roles. */
import { useState, type FormEvent } from 'react';
import { get, patch, post, api, type ApiResult } from '../api';
import { errorText, when } from '../components/format';
import { useAsync } from '../components/useAsync';

type User = ApiResult<'/api/v1/admin/users', 'get'>[number];

const grantable = ['admin', 'committee'] as const;

export function AdminUsersPage() {
  const [q, setQ] = useState('');
  const users = useAsync(() => get<User[]>(`/admin/users?q=${encodeURIComponent(q)}`), [q]);
  const [form, setForm] = useState({ email: '', displayName: '', password: '' });
  const [message, setMessage] = useState<string>();

  async function create(e: FormEvent) {
    e.preventDefault();
    try {
      await post('/admin/users', { ...form, roles: [] });
      setForm({ email: '', displayName: '', password: '' });
      setMessage(`Created ${form.email}`);
      await users.reload();
    } catch (err) {
      setMessage(errorText(err));
    }
  }

  const [invite, setInvite] = useState({ email: '', committee: false });
  const [invited, setInvited] = useState<string>();

  async function sendInvitation(e: FormEvent) {
    e.preventDefault();
    try {
      const res = await post<{ email: string; link: string }>('/admin/invitations', {
        email: invite.email,
        roles: invite.committee ? ['committee'] : [],
      });
      setInvite({ email: '', committee: false });
      setInvited(`Invitation e-mailed to ${res.email}. Link: ${res.link}`);
    } catch (err) {
      setInvited(errorText(err));
    }
  }

  async function toggleRole(u: User, role: string) {
    const roles = u.roles.filter((r) => r !== 'researcher');
    const next = roles.includes(role) ? roles.filter((r) => r !== role) : [...roles, role];
    await api('PUT', `/admin/users/${u.id}/roles`, { roles: next });
    await users.reload();
  }

  async function toggleDisabled(u: User) {
    await patch(`/admin/users/${u.id}`, { disabled: !u.disabled });
    await users.reload();
  }

  return (
    <>
      <section className="panel">
        <h2>Users</h2>
        <label htmlFor="user-q">Search</label>
        <input id="user-q" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e-mail or name" />
        {users.error && <p className="error">{users.error}</p>}
        <table>
          <thead>
            <tr>
              <th>User</th>
              <th>Roles</th>
              <th>Created</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {(users.value ?? []).map((u) => (
              <tr key={u.id}>
                <td>
                  {u.displayName}
                  <br />
                  <span className="muted">{u.email}</span>
                </td>
                <td>
                  {grantable.map((r) => (
                    <label key={r} style={{ display: 'inline', fontWeight: 'normal', marginRight: '0.8rem' }}>
                      <input
                        type="checkbox"
                        style={{ width: 'auto' }}
                        checked={u.roles.includes(r)}
                        onChange={() => void toggleRole(u, r)}
                      />{' '}
                      {r}
                    </label>
                  ))}
                </td>
                <td>{when(u.createdAt)}</td>
                <td>
                  <button
                    className={u.disabled ? 'secondary' : 'danger'}
                    onClick={() => void toggleDisabled(u)}
                  >
                    {u.disabled ? 'Enable' : 'Disable'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h3>Invite someone</h3>
        <form onSubmit={(e) => void sendInvitation(e)}>
          <label htmlFor="inv-email">E-mail</label>
          <input
            id="inv-email"
            type="email"
            required
            value={invite.email}
            onChange={(e) => setInvite({ ...invite, email: e.target.value })}
          />
          <label>
            <input
              type="checkbox"
              checked={invite.committee}
              onChange={(e) => setInvite({ ...invite, committee: e.target.checked })}
            />{' '}
            Access committee member
          </label>
          <p>
            <button type="submit">E-mail an invitation</button>
          </p>
          {invited && <p role="status">{invited}</p>}
        </form>
      </section>
      <section className="panel">
        <h3>New user</h3>
        <form onSubmit={(e) => void create(e)}>
          <label htmlFor="nu-email">E-mail</label>
          <input
            id="nu-email"
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
          <label htmlFor="nu-name">Display name</label>
          <input
            id="nu-name"
            required
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.target.value })}
          />
          <label htmlFor="nu-pw">Initial password</label>
          <input
            id="nu-pw"
            type="password"
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
          <p>
            <button type="submit">Create user</button>
          </p>
          {message && <p role="status">{message}</p>}
        </form>
      </section>
    </>
  );
}
