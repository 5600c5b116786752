/** "Add to basket" / "In basket ✓ (remove)" for one dataset. */
import { addToBasket, removeFromBasket, useBasket, type BasketItem } from './basket';

export function AddToBasket({ item, small }: { item: BasketItem; small?: boolean }) {
  const inBasket = useBasket().some((i) => i.slug === item.slug);
  const cls = small ? 'secondary small' : 'secondary';
  return inBasket ? (
    <button
      className={cls}
      aria-label={`Remove ${item.title} from the basket`}
      onClick={() => removeFromBasket(item.slug)}
    >
      In basket ✓
    </button>
  ) : (
    <button className={cls} aria-label={`Add ${item.title} to the basket`} onClick={() => addToBasket(item)}>
      Add to basket
    </button>
  );
}
