/**
 * The figures of a dataset as its node releases them to the public catalogue (docs/privacy.md,
 * "Catalogue figures"): every count went through the node's release policy (threshold, rounding,
 * noise when set) unless the data holder opted the dataset into exact publication. The hub stores
 * and shows these as they come; it never sees the exact ones.
 */
import { z } from 'zod';

/** A released count: a number (rounded, possibly noisy) or the suppression mark, e.g. "< 10". */
export type ReleasedCount = number | `< ${number}`;

const releasedCount = z.union([
  z.number().int().nonnegative(),
  z.custom<`< ${number}`>((v) => typeof v === 'string' && /^< \d+$/.test(v), 'must be a number or "< T"'),
]);

/** One shown category and its released subject count; hidden categories are not listed at all. */
const bar = z.object({ value: z.string().min(1), subjects: z.number().int().nonnegative() });

export const figurePublications = ['released', 'exact'] as const;
export type FigurePublication = (typeof figurePublications)[number];

export const releasedFiguresSchema = z.object({
  /** `released`: through the node's policy; `exact`: the data holder opted this dataset out of it. */
  publication: z.enum(figurePublications),
  /** The policy the node applied (threshold 0 and step 1 for exact publication). */
  policy: z.object({
    threshold: z.number().int().nonnegative(),
    roundTo: z.number().int().positive(),
    noise: z.boolean(),
  }),
  subjects: releasedCount,
  studies: releasedCount,
  series: releasedCount,
  instances: releasedCount,
  /** Bytes to two significant digits; null when the subject count is suppressed. */
  sizeBytes: z.number().int().nonnegative().nullable(),
  /** 10th to 90th percentile of the age, rounded outward to whole 5 years; null when not shown. */
  typicalAge: z
    .object({ min: z.number().int().nonnegative(), max: z.number().int().nonnegative() })
    .nullable(),
  /** The 10-year age bands whose counts are shown (`min` 60, `max` 69). */
  ageBands: z.array(
    z.object({
      min: z.number().int().nonnegative(),
      max: z.number().int().nonnegative(),
      subjects: z.number().int().nonnegative(),
    }),
  ),
  sexes: z.array(bar),
  conditions: z.array(bar),
  modalities: z.array(bar),
  bodyParts: z.array(bar),
});

export type ReleasedFigures = z.output<typeof releasedFiguresSchema>;
export type FigureBar = ReleasedFigures['sexes'][number];

export const isShown = (c: ReleasedCount): c is number => typeof c === 'number';

/** A released count as people read it: "1,240" or "< 10". */
export const countText = (c: ReleasedCount): string => (typeof c === 'number' ? c.toLocaleString('en') : c);
