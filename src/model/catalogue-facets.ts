/**
 * The public catalogue's facets, in display order. Free of zod so the web app imports it too: the
 * hub's search schema, its SQL and the filter list on the page all read this one list.
 */
export const facetNames = [
  'cancerType',
  'modality',
  'bodyPart',
  'sex',
  'ageRange',
  'provider',
  'country',
  'accessRights',
  'licence',
] as const;
export type FacetName = (typeof facetNames)[number];
