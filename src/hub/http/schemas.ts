/** Zod schemas shared by many routes. */
import { z } from 'zod';

/** The body of every error response (one named OpenAPI component, not a copy per response). */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'ApiError' });

export const idParam = z.object({ id: z.coerce.number().int().positive() });

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'an e-mail address such as ana@example.org');

export const newPassword = z.string().min(10, 'at least 10 characters').max(256);
