/** What the search routes and the Lens (Spot) routes share: the caller and request parsing. */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CieError } from '../../errors.js';

/** The signed-in user's id (the routes' access rule already refused anyone else). */
export function userOf(request: FastifyRequest): number {
  const p = request.principal;
  if (p?.kind !== 'user') throw new CieError('UNAUTHENTICATED', 'sign in to search');
  return p.userId;
}

/** A request part parsed with zod; the first issue, with its path, is the 400 message. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new CieError(
      'VALIDATION_FAILED',
      `${what}${i?.path.length ? `.${i.path.join('.')}` : ''}: ${i?.message ?? 'invalid'}`,
    );
  }
  return r.data;
}
