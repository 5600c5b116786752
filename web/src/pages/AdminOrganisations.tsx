/** Admin: provider organisations, their representatives, and one-time node enrolment tokens. */
import { useState, type FormEvent } from 'react';
import { get, post, type ApiResult } from '../api';
import { errorText } from '../components/format';
import { useAsync } from '../components/useAsync';

type Organisation = ApiResult<'/api/v1/organisations', 'get'>[number];

interface Issued {
  token: string;
  organisationId: number;
  expiresAt: string;
}

export function AdminOrganisationsPage() {
  const orgs = useAsync(() => get<Organisation[]>('/organisations'));
  const [form, setForm] = useState({ slug: '', name: '', country: '' });
  const [issued, setIssued] = useState<Issued>();
  const [message, setMessage] = useState<string>();

  async function create(e: FormEvent) {
    e.preventDefault();
    try {
      await post('/admin/organisations', { ...form, kind: 'provider' });
      setForm({ slug: '', name: '', country: '' });
      await orgs.reload();
    } catch (err) {
      setMessage(errorText(err));
    }
  }

  async function issueToken(org: Organisation) {
    try {
      setIssued(await post<Issued>('/nodes/enrolment-tokens', { organisationId: org.id }));
      setMessage(undefined);
    } catch (err) {
      setMessage(errorText(err));
    }
  }

  return (
    <>
      <section className="panel">
        <h2>Organisations</h2>
        {message && (
          <p className="error" role="alert">
            {message}
          </p>
        )}
        {issued && (
          <div role="status">
            <p>
              One-time enrolment token (valid until {new Date(issued.expiresAt).toLocaleString()}); give it to
              the site, which runs:
            </p>
            <p className="secret">
              cie node --hub {window.location.origin} --enrol {issued.token}
            </p>
          </div>
        )}
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Short name</th>
              <th>Country</th>
              <th>Kind</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(orgs.value ?? []).map((o) => (
              <tr key={o.id}>
                <td>{o.name}</td>
                <td>{o.slug}</td>
                <td>{o.country}</td>
                <td>{o.kind}</td>
                <td>
                  {o.kind === 'provider' && (
                    <button className="secondary" onClick={() => void issueToken(o)}>
                      Issue enrolment token
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h3>New provider organisation</h3>
        <form onSubmit={(e) => void create(e)}>
          <label htmlFor="org-name">Name</label>
          <input
            id="org-name"
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          <label htmlFor="org-slug">Short name</label>
          <input
            id="org-slug"
            required
            pattern="[a-z0-9][a-z0-9-]{1,62}"
            value={form.slug}
            onChange={(e) => setForm({ ...form, slug: e.target.value })}
          />
          <label htmlFor="org-country">Country (ISO code)</label>
          <input
            id="org-country"
            required
            pattern="[A-Z]{2}"
            maxLength={2}
            value={form.country}
            onChange={(e) => setForm({ ...form, country: e.target.value.toUpperCase() })}
          />
          <p>
            <button type="submit">Create organisation</button>
          </p>
        </form>
      </section>
    </>
  );
}
