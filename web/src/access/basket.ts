/**
 * The basket of datasets a researcher means to request, kept in localStorage (per browser) and
 * shared by every page: adding from the catalogue, a dataset page or search results; the header
 * shows the count; the request form takes the datasets from it.
 */
import { useEffect, useState } from 'react';

export interface BasketItem {
  /** Catalogue slug (`<organisation>.<identifier>`). */
  slug: string;
  title: string;
  provider?: string;
}

const key = 'cie.basket';
const changed = 'cie-basket-changed';

export function readBasket(): BasketItem[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(v)
      ? v.filter((x): x is BasketItem => typeof (x as BasketItem)?.slug === 'string')
      : [];
  } catch {
    return [];
  }
}

function write(items: BasketItem[]): void {
  localStorage.setItem(key, JSON.stringify(items));
  window.dispatchEvent(new Event(changed));
}

export function addToBasket(item: BasketItem): void {
  const items = readBasket();
  if (!items.some((i) => i.slug === item.slug)) write([...items, item]);
}

export function removeFromBasket(slug: string): void {
  write(readBasket().filter((i) => i.slug !== slug));
}

export function clearBasket(): void {
  write([]);
}

/** The basket, kept current across components and browser tabs. */
export function useBasket(): BasketItem[] {
  const [items, setItems] = useState(readBasket);
  useEffect(() => {
    const update = () => setItems(readBasket());
    window.addEventListener(changed, update);
    window.addEventListener('storage', update);
    return () => {
      window.removeEventListener(changed, update);
      window.removeEventListener('storage', update);
    };
  }, []);
  return items;
}

/** Harvested entries (slug `ext-…`) are described here but held elsewhere: they cannot be requested. */
export const requestable = (slug: string): boolean => !slug.startsWith('ext-');
