/** The app shell: navigation by role, top bar with the signed-in user, and the page routes. */
import { useState } from 'react';
import { NavLink, Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { post } from './api';
import { hasRole, useSession } from './session';
import { pages } from './pages/registry';
import { TermsGate } from './pages/Terms';
import { useBasket } from './access/basket';
import { useUnreadCount } from './notifications';

export function App() {
  const { me, loading, refresh } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const navigate = useNavigate();
  const basket = useBasket();
  const unread = useUnreadCount(!!me);
  const visible = pages.filter(
    (p) => p.nav && (p.access === 'public' || (me && (p.access === 'user' || hasRole(me, p.access)))),
  );
  const sections = [...new Set(visible.map((p) => p.nav?.section ?? ''))];

  async function signOut() {
    await post('/auth/sign-out');
    await refresh();
    void navigate('/sign-in');
  }

  return (
    <div className="shell">
      <aside className={`sidebar${menuOpen ? ' open' : ''}`}>
        <h1>cie</h1>
        <button
          className="menu-toggle secondary"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
        <nav aria-label="Main">
          {sections.map((s) => (
            <div key={s}>
              {s && <h2>{s}</h2>}
              {visible
                .filter((p) => (p.nav?.section ?? '') === s)
                .map((p) => (
                  <NavLink key={p.path} to={p.path} end onClick={() => setMenuOpen(false)}>
                    {p.nav?.label}
                  </NavLink>
                ))}
            </div>
          ))}
        </nav>
      </aside>
      <div>
        <header className="topbar">
          {me ? (
            <>
              <NavLink
                to="/basket"
                aria-label={`Basket: ${basket.length} datasets`}
                data-testid="basket-link"
              >
                Basket ({basket.length})
              </NavLink>
              <NavLink
                to="/notifications"
                className="bell"
                aria-label={`Notifications: ${unread ?? 0} unread`}
                data-testid="notification-bell"
              >
                🔔{unread ? <span className="count">{unread}</span> : null}
              </NavLink>
              <span>
                Signed in as <strong>{me.displayName || me.email}</strong>
              </span>
              <button className="secondary" onClick={() => void signOut()}>
                Sign out
              </button>
            </>
          ) : (
            !loading && <NavLink to="/sign-in">Sign in</NavLink>
          )}
        </header>
        <main className="main">
          {loading ? (
            <p className="muted">Loading…</p>
          ) : me && !me.termsAccepted ? (
            <TermsGate />
          ) : (
            <Routes>
              {pages.map((p) => (
                <Route
                  key={p.path}
                  path={p.path}
                  element={
                    p.access === 'public' || (me && (p.access === 'user' || hasRole(me, p.access))) ? (
                      <p.component />
                    ) : me ? (
                      <p role="alert">You do not have access to this page.</p>
                    ) : (
                      <Navigate to={`/sign-in?next=${encodeURIComponent(p.path)}`} replace />
                    )
                  }
                />
              ))}
              <Route path="*" element={<p>Page not found.</p>} />
            </Routes>
          )}
        </main>
      </div>
    </div>
  );
}
