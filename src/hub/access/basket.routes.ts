/**
 * The basket of datasets a researcher means to request, kept per user on the hub: whoever signs
 * in on a shared browser sees their own basket, never the previous user's. Every route acts on
 * the caller's basket only; there is no way to name another user's.
 */
import { z } from 'zod';
import { CieError } from '../../errors.js';
import type { HubApp } from '../app.js';
import { access, requireUser } from '../auth/access.js';
import { errorBody } from '../http/schemas.js';
import type { AccessDeps } from './access.deps.js';
import { addBasketItem, basketOf, publishedEntryId, removeBasketItems } from './basket.repository.js';

const tags = ['access'];
const basket = z
  .object({
    items: z.array(z.object({ slug: z.string(), title: z.string(), provider: z.string() })),
  })
  .meta({ id: 'Basket' });
const slugParams = z.object({ slug: z.string().min(1).max(300) });

export function registerBasketRoutes(app: HubApp, { db }: AccessDeps): void {
  const entryOf = async (slug: string): Promise<number> => {
    const id = await publishedEntryId(db, slug);
    if (id === undefined) throw new CieError('NOT_FOUND', `no published dataset "${slug}" in the catalogue`);
    return id;
  };

  app.get(
    '/access/basket',
    {
      config: { access: access.user },
      schema: { tags, summary: 'Your basket of datasets to request', response: { 200: basket } },
    },
    async (request) => ({ items: await basketOf(db, requireUser(request).userId) }),
  );

  app.put(
    '/access/basket/:slug',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary: 'Put a published dataset in your basket (again: no change)',
        params: slugParams,
        response: { 200: basket, 404: errorBody },
      },
    },
    async (request) => {
      const userId = requireUser(request).userId;
      await addBasketItem(db, userId, await entryOf(request.params.slug));
      return { items: await basketOf(db, userId) };
    },
  );

  app.delete(
    '/access/basket/:slug',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary: 'Take a dataset out of your basket',
        params: slugParams,
        response: { 200: basket },
      },
    },
    async (request) => {
      const userId = requireUser(request).userId;
      const id = await publishedEntryId(db, request.params.slug);
      if (id !== undefined) await removeBasketItems(db, userId, id);
      return { items: await basketOf(db, userId) };
    },
  );

  app.delete(
    '/access/basket',
    {
      config: { access: access.user },
      schema: { tags, summary: 'Empty your basket', response: { 200: basket } },
    },
    async (request) => {
      const userId = requireUser(request).userId;
      await removeBasketItems(db, userId);
      return { items: [] };
    },
  );
}
