/** Content negotiation for catalogue URLs: the supported type the Accept header prefers most. */
export const catalogueMediaTypes = [
  'text/html',
  'text/turtle',
  'application/ld+json',
  'application/json',
] as const;
export type CatalogueMediaType = (typeof catalogueMediaTypes)[number];

/** Parse `Accept` (with q-values and wildcards); people's browsers get HTML when nothing matches. */
export function negotiate(accept: string | undefined): CatalogueMediaType | undefined {
  if (!accept) return 'text/html';
  let best: { type: CatalogueMediaType; q: number; order: number } | undefined;
  accept.split(',').forEach((part, order) => {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) return;
    for (const type of catalogueMediaTypes) {
      const [major] = type.split('/');
      const matches = range === type || range === '*/*' || range === `${major}/*`;
      if (!matches) continue;
      // An exact match outranks a wildcard of the same q; earlier ranges win ties.
      const score = q + (range === type ? 0.0001 : 0);
      if (!best || score > best.q || (score === best.q && order < best.order))
        best = { type, q: score, order };
    }
  });
  return best?.type;
}
