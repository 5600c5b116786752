/** The public catalogue search: full text, facet filters, sorting and paging. */
import { z } from 'zod';
import { accessRights, licences } from '../../model/catalogue-codes.js';

/** A query-string value given once or repeated (`?modality=a&modality=b`), or comma-separated. */
const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) =>
    (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .optional();

/** Age bands of the age-range facet: a dataset counts in every band its age range touches. */
export const ageBands = [
  { value: '0-17', min: 0, max: 17 },
  { value: '18-39', min: 18, max: 39 },
  { value: '40-59', min: 40, max: 59 },
  { value: '60-79', min: 60, max: 79 },
  { value: '80+', min: 80, max: 200 },
] as const;

export const catalogueSearchSchema = z.object({
  /** Words to find (web-search syntax: "quoted phrase", -excluded, or). */
  q: z.string().trim().max(500).optional(),
  cancerType: list,
  modality: list,
  bodyPart: list,
  sex: list,
  ageRange: list.refine((v) => !v || v.every((b) => ageBands.some((a) => a.value === b)), {
    message: `must be among ${ageBands.map((b) => b.value).join(', ')}`,
  }),
  provider: list,
  country: list,
  accessRights: list.refine((v) => !v || v.every((a) => (accessRights as readonly string[]).includes(a)), {
    message: `must be among ${accessRights.join(', ')}`,
  }),
  licence: list.refine((v) => !v || v.every((a) => (licences as readonly string[]).includes(a)), {
    message: `must be among ${licences.join(', ')}`,
  }),
  sort: z.enum(['relevance', 'title', 'subjects', 'updated']).default('relevance'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type CatalogueSearch = z.output<typeof catalogueSearchSchema>;
