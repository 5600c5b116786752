/**
 * The public catalogue: full-text search, facet checkboxes with counts, sorting and paging. The
 * whole state lives in the URL query (`?q=…&modality=…&page=2`), so a search can be linked.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { get } from '../api';
import { facetNames, facetTitles, useLabels, type FacetName, type SearchResult } from '../catalogue';
import { useAsync } from '../components/useAsync';
import { AddToBasket } from '../access/AddToBasket';
import { requestable } from '../access/basket';

const sorts = [
  ['relevance', 'Relevance'],
  ['title', 'Title'],
  ['subjects', 'Subjects'],
  ['updated', 'Recently updated'],
] as const;

export function CataloguePage() {
  const [urlParams, setParams] = useSearchParams();
  // The router commits a navigation in a transition; until it does, show what was just clicked so a
  // checkbox or the sort select never springs back for a moment (and a quick second click is kept).
  const [pending, setPending] = useState<URLSearchParams | undefined>(undefined);
  const query = urlParams.toString();
  useEffect(() => setPending(undefined), [query]);
  const params = pending ?? urlParams;
  const label = useLabels();
  const result = useAsync(() => get<SearchResult>(`/catalogue/datasets?${query}`), [query]);
  const [text, setText] = useState(params.get('q') ?? '');
  const page = Number(params.get('page') ?? '1');

  function update(change: (p: URLSearchParams) => void, resetPage = true) {
    const next = new URLSearchParams(params);
    change(next);
    if (resetPage) next.delete('page');
    setPending(next);
    setParams(next);
  }

  function search(e: FormEvent) {
    e.preventDefault();
    update((p) => (text.trim() ? p.set('q', text.trim()) : p.delete('q')));
  }

  function toggle(facet: FacetName, value: string, on: boolean) {
    update((p) => {
      const values = p.getAll(facet).filter((v) => v !== value);
      p.delete(facet);
      for (const v of on ? [...values, value] : values) p.append(facet, v);
    });
  }

  const r = result.value;
  const pages = r ? Math.max(1, Math.ceil(r.total / r.pageSize)) : 1;
  const facetLabel = (f: FacetName, v: string) => (f === 'provider' || f === 'ageRange' ? v : label(v));

  return (
    <>
      <section className="panel">
        <h2>Catalogue</h2>
        <form role="search" onSubmit={search} className="row">
          <div className="grow">
            <label htmlFor="cat-q">Search datasets</label>
            <input
              id="cat-q"
              type="search"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder='e.g. prostate MRI, "lung screening", -paediatric'
            />
          </div>
          <button type="submit">Search</button>
          <div>
            <label htmlFor="cat-sort">Sort by</label>
            <select
              id="cat-sort"
              value={params.get('sort') ?? 'relevance'}
              onChange={(e) => update((p) => p.set('sort', e.target.value))}
            >
              {sorts.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </div>
        </form>
      </section>
      <div className="catalogue">
        <aside className="panel facets" aria-label="Filters">
          <h3>Filters</h3>
          {r &&
            facetNames
              .filter((f) => (r.facets[f]?.length ?? 0) > 0)
              .map((f) => (
                <fieldset key={f}>
                  <legend>{facetTitles[f]}</legend>
                  {r.facets[f].map((fc) => {
                    const id = `facet-${f}-${fc.value}`;
                    const checked = params.getAll(f).includes(fc.value);
                    return (
                      <div key={fc.value} className="facet">
                        <input
                          type="checkbox"
                          id={id}
                          checked={checked}
                          onChange={(e) => toggle(f, fc.value, e.target.checked)}
                        />
                        <label htmlFor={id}>
                          {facetLabel(f, fc.value)} <span className="muted">({fc.count})</span>
                        </label>
                      </div>
                    );
                  })}
                </fieldset>
              ))}
        </aside>
        <section className="panel results" aria-labelledby="results-heading">
          <h3 id="results-heading" aria-live="polite" data-testid="result-count">
            {r ? `${r.total} ${r.total === 1 ? 'dataset' : 'datasets'}` : 'Searching…'}
          </h3>
          {result.error && (
            <p role="alert" className="error">
              {result.error}
            </p>
          )}
          <ul className="result-list">
            {r?.items.map((d) => (
              <li key={d.slug}>
                <h4>
                  <Link to={`/datasets/${encodeURIComponent(d.slug)}`}>{d.title}</Link>
                </h4>
                <p className="muted">
                  {d.provider}
                  {d.country ? ` · ${label(d.country)}` : ''} · {label(d.accessRights)} · {label(d.licence)}
                </p>
                <p>
                  <strong>{d.subjects?.toLocaleString() ?? '—'}</strong> subjects
                  {d.modalities.length > 0 && <> · {d.modalities.map(label).join(', ')}</>}
                  {d.cancerTypes.length > 0 && <> · {d.cancerTypes.map(label).join(', ')}</>}
                </p>
                {requestable(d.slug) && (
                  <AddToBasket small item={{ slug: d.slug, title: d.title, provider: d.provider }} />
                )}
              </li>
            ))}
          </ul>
          {r && pages > 1 && (
            <nav aria-label="Pages" className="row">
              <button
                className="secondary"
                disabled={page <= 1}
                onClick={() => update((p) => p.set('page', String(page - 1)), false)}
              >
                Previous
              </button>
              <span>
                Page {page} of {pages}
              </span>
              <button
                className="secondary"
                disabled={page >= pages}
                onClick={() => update((p) => p.set('page', String(page + 1)), false)}
              >
                Next
              </button>
            </nav>
          )}
        </section>
      </div>
    </>
  );
}
