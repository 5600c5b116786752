/**
 * "Add to basket" for a collection in federated search results: the site names its dataset by its
 * own identifier; the catalogue entry is `<organisation>.<identifier>`, found by a catalogue
 * search on the collection's name.
 */
import { useState } from 'react';
import { get } from '../api';
import type { SearchResult } from '../catalogue';
import { AddToBasket } from './AddToBasket';

export function AddCollectionToBasket({ id, name }: { id: string; name: string }) {
  const [state, setState] = useState<
    { slug: string; title: string; provider: string } | 'none' | undefined
  >();
  async function find() {
    const r = await get<SearchResult>(`/catalogue/datasets?q=${encodeURIComponent(name)}`).catch(
      () => undefined,
    );
    const hit = r?.items.find((i) => i.slug.endsWith(`.${id}`));
    setState(hit ? { slug: hit.slug, title: hit.title, provider: hit.provider } : 'none');
  }
  if (state === 'none') return <span className="muted">not in the catalogue</span>;
  if (state) return <AddToBasket small item={state} />;
  return (
    <button className="secondary small" onClick={() => void find()} aria-label={`Add ${name} to the basket`}>
      Add to basket
    </button>
  );
}
