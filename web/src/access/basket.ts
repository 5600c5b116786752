/**
 * The basket of datasets a researcher means to request, kept per user on the hub
 * (/api/v1/access/basket) and shared by every page: adding from the catalogue, a dataset page or
 * search results; the header shows the count; the request form takes the datasets from it.
 * Nobody signed in has an empty basket, so the next person on a shared browser never sees the
 * previous one's.
 */
import { useEffect, useState } from 'react';
import { api, type ApiResult } from '../api';
import { useSession } from '../session';

export type BasketItem = ApiResult<'/api/v1/access/basket', 'get'>['items'][number];
type Basket = { items: BasketItem[] };

const changed = 'cie-basket-changed';
let current: { userId: number; items: BasketItem[] } | undefined;

function publish(userId: number, items: BasketItem[]): BasketItem[] {
  current = { userId, items };
  window.dispatchEvent(new Event(changed));
  return items;
}

async function update(userId: number, method: 'PUT' | 'DELETE', path = ''): Promise<void> {
  const b = await api<Basket>(method, `/access/basket${path}`);
  publish(userId, b.items);
}

export const addToBasket = (userId: number, slug: string) =>
  update(userId, 'PUT', `/${encodeURIComponent(slug)}`);
export const removeFromBasket = (userId: number, slug: string) =>
  update(userId, 'DELETE', `/${encodeURIComponent(slug)}`);
export const clearBasket = (userId: number) => update(userId, 'DELETE');

/** The signed-in user's basket (empty when nobody is), kept current across components. */
export function useBasket(): BasketItem[] {
  const { me } = useSession();
  const userId = me?.id;
  const [items, setItems] = useState<BasketItem[]>(current && current.userId === userId ? current.items : []);
  useEffect(() => {
    if (userId === undefined) {
      setItems([]);
      return;
    }
    const refresh = () => setItems(current?.userId === userId ? current.items : []);
    window.addEventListener(changed, refresh);
    if (current?.userId !== userId) {
      void api<Basket>('GET', '/access/basket')
        .then((b) => publish(userId, b.items))
        .catch(() => undefined);
    } else refresh();
    return () => window.removeEventListener(changed, refresh);
  }, [userId]);
  return items;
}

/** Harvested entries (slug `ext-…`) are described here but held elsewhere: they cannot be requested. */
export const requestable = (slug: string): boolean => !slug.startsWith('ext-');
