/**
 * Accounts from an e-mailed link: ask for one (self sign-up, when the hub has it open), and the
 * page the link opens, where the invitee chooses a name and a password.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { post, type ApiResult } from '../api';
import { errorText, when } from '../components/format';
import { useAsync } from '../components/useAsync';
import { useSession } from '../session';

type Invitation = ApiResult<'/api/v1/auth/invitation', 'post'>;

export function SignUpPage() {
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      const res = await post<{ message: string }>('/auth/sign-up', { email });
      setMessage(res.message);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <section className="panel" style={{ maxWidth: '32rem' }}>
      <h2>Create an account</h2>
      {message ? (
        <p role="status">{message}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <p>We e-mail you a link; open it to choose your name and password.</p>
          <label htmlFor="signup-email">E-mail</label>
          <input
            id="signup-email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <p>
            <button type="submit">E-mail me a link</button>
          </p>
        </form>
      )}
      <p>
        Have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </section>
  );
}

export function InvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const invitation = useAsync(() => post<Invitation>('/auth/invitation', { token }), [token]);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const { refresh } = useSession();
  const navigate = useNavigate();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await post('/auth/invitation/accept', { token, displayName, password });
      await refresh();
      void navigate('/');
    } catch (err) {
      setError(errorText(err));
    }
  }

  if (invitation.error) {
    return (
      <section className="panel" style={{ maxWidth: '32rem' }}>
        <h2>Create your account</h2>
        <p className="error" role="alert">
          {invitation.error}
        </p>
      </section>
    );
  }
  const inv = invitation.value;
  return (
    <section className="panel" style={{ maxWidth: '32rem' }}>
      <h2>Create your account</h2>
      {inv && (
        <form onSubmit={(e) => void submit(e)}>
          <p>
            For <strong>{inv.email}</strong>
            {inv.invited ? ', invited by an administrator' : ''}; the link is valid until{' '}
            {when(inv.expiresAt)}.
          </p>
          <label htmlFor="inv-name">Your name</label>
          <input
            id="inv-name"
            autoComplete="name"
            required
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
          <label htmlFor="inv-password">Password (at least 10 characters)</label>
          <input
            id="inv-password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <p>
            <button type="submit">Create account</button>
          </p>
        </form>
      )}
    </section>
  );
}
