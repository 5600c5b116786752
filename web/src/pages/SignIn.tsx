import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { get, post, type ApiResult } from '../api';
import { useAsync } from '../components/useAsync';
import { useSession } from '../session';

type Provider = ApiResult<'/api/v1/auth/oidc/providers', 'get'>[number];

/** Why the hub sent the browser back from an identity provider (codes, never text from the URL). */
const oidcErrors: Record<string, string> = {
  UNAUTHENTICATED: 'Signing in with your institution failed or took too long. Please try again.',
  FORBIDDEN: 'This account is disabled. Please contact the hub administrators.',
  CONFLICT:
    'An account with your e-mail address exists already and your institution did not confirm the address. Sign in with your password instead.',
};

export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [params] = useSearchParams();
  const oidcError = params.get('oidcError');
  const [error, setError] = useState<string | undefined>(
    oidcError === null ? undefined : (oidcErrors[oidcError] ?? 'Signing in with your institution failed.'),
  );
  const [busy, setBusy] = useState(false);
  const { refresh } = useSession();
  const navigate = useNavigate();
  const next = params.get('next') ?? '/';
  const providers = useAsync(() => get<Provider[]>('/auth/oidc/providers'));
  const options = useAsync(() => get<ApiResult<'/api/v1/auth/options', 'get'>>('/auth/options'));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await post('/auth/sign-in', { email, password });
      await refresh();
      void navigate(next.startsWith('/') ? next : '/');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" style={{ maxWidth: '32rem' }}>
      <h2>Sign in</h2>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="email">E-mail</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
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
          <button type="submit" disabled={busy}>
            Sign in
          </button>
        </p>
      </form>
      {options.value?.signUp && (
        <p>
          No account yet? <Link to="/sign-up">Create an account</Link>
        </p>
      )}
      {providers.value && providers.value.length > 0 && (
        <>
          <h3>Or sign in with your institution</h3>
          {providers.value.map((p) => (
            <p key={p.id}>
              <a
                className="button"
                href={`/api/v1/auth/oidc/${encodeURIComponent(p.id)}/start?returnTo=${encodeURIComponent(next)}`}
              >
                {p.name}
              </a>
            </p>
          ))}
        </>
      )}
    </section>
  );
}
