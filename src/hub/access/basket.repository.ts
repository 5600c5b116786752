/** SQL of the basket: one user's rows only, every query scoped by user id. */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';

export interface BasketEntry {
  slug: string;
  title: string;
  provider: string;
}

/** The published entries in this user's basket, in the order they were added. */
export async function basketOf(db: Kysely<HubDB>, userId: number): Promise<BasketEntry[]> {
  return db
    .selectFrom('basket_item as b')
    .innerJoin('catalogue_entry as e', 'e.id', 'b.entry_id')
    .select(['e.slug', 'e.title', 'e.provider'])
    .where('b.user_id', '=', userId)
    .where('e.state', '=', 'published')
    .orderBy('b.added_at')
    .orderBy('e.id')
    .execute();
}

/** The id of a published catalogue entry by slug. */
export async function publishedEntryId(db: Kysely<HubDB>, slug: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('catalogue_entry')
    .select('id')
    .where('slug', '=', slug)
    .where('state', '=', 'published')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export async function addBasketItem(db: Kysely<HubDB>, userId: number, entryId: number): Promise<void> {
  await db
    .insertInto('basket_item')
    .values({ user_id: userId, entry_id: entryId })
    .onConflict((oc) => oc.columns(['user_id', 'entry_id']).doNothing())
    .execute();
}

export async function removeBasketItems(
  db: Kysely<HubDB>,
  userId: number,
  entryId?: number,
): Promise<void> {
  let q = db.deleteFrom('basket_item').where('user_id', '=', userId);
  if (entryId !== undefined) q = q.where('entry_id', '=', entryId);
  await q.execute();
}
