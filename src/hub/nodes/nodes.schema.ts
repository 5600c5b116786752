/** Request and response shapes of the node admin and enrolment API. */
import { z } from 'zod';
import { ed25519PublicJwk } from '../../model/hub-key.js';

export const enrolRequest = z.object({
  token: z.string().min(10).max(200),
  publicKey: ed25519PublicJwk,
  name: z.string().trim().min(1).max(200),
  version: z.string().max(64).optional(),
});
export type EnrolRequest = z.infer<typeof enrolRequest>;

export const issueTokenRequest = z.object({
  organisationId: z.number().int().positive(),
  /** How long the token stays valid (default 24 h, at most 7 days). */
  ttlSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(24 * 3600),
});

export const nodeIdParams = z.object({ id: z.coerce.number().int().positive() });
