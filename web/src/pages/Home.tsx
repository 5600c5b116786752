import { Link } from 'react-router-dom';
import { useSession } from '../session';

export function HomePage() {
  const { me } = useSession();
  return (
    <section className="panel">
      <h2>Cancer imaging, federated</h2>
      <p>
        This hub links cancer imaging collections held at hospitals across Europe. Data stays at each site;
        the hub lets you find datasets, ask every site how many subjects match your question, and request
        access.
      </p>
      {!me && (
        <p>
          <Link to="/sign-in">Sign in</Link> to search and request access.
        </p>
      )}
    </section>
  );
}
