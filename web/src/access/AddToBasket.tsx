/** "Add to basket" / "In basket ✓ (remove)" for one dataset; nobody signed in is asked to sign in. */
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { errorText } from '../components/format';
import { useSession } from '../session';
import { addToBasket, removeFromBasket, useBasket } from './basket';

export function AddToBasket({
  item,
  small,
}: {
  item: { slug: string; title: string; provider?: string };
  small?: boolean;
}) {
  const { me } = useSession();
  const inBasket = useBasket().some((i) => i.slug === item.slug);
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const cls = small ? 'secondary small' : 'secondary';
  const run = (action: (userId: number) => Promise<void>) => {
    if (!me) {
      const next = `${location.pathname}${location.search}`;
      void navigate(`/sign-in?next=${encodeURIComponent(next)}`);
      return;
    }
    setError(undefined);
    action(me.id).catch((err: unknown) => setError(errorText(err)));
  };
  const button = inBasket ? (
    <button
      className={cls}
      aria-label={`Remove ${item.title} from the basket`}
      onClick={() => run((id) => removeFromBasket(id, item.slug))}
    >
      In basket ✓
    </button>
  ) : (
    <button
      className={cls}
      aria-label={`Add ${item.title} to the basket`}
      title={me ? undefined : 'Sign in to keep a basket'}
      onClick={() => run((id) => addToBasket(id, item.slug))}
    >
      Add to basket
    </button>
  );
  return error ? (
    <>
      {button}{' '}
      <span className="error" role="alert">
        {error}
      </span>
    </>
  ) : (
    button
  );
}
