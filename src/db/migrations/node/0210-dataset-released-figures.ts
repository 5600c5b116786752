import { sql, type Kysely } from 'kysely';

/**
 * Catalogue figures go through the release policy (docs/privacy.md, "Catalogue figures"): each
 * dataset says whether its figures are released (default) or published exactly (the data holder's
 * opt-in), and every dataset the hub knows is pushed again so the hub replaces the exact figures
 * that earlier versions sent with released ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table dataset add column figure_publication text not null default 'released'
      check (figure_publication in ('released', 'exact'))`.execute(db);
  await requeueKnownDatasets(db);
}

/** Queue a push of every dataset the hub has a record of (published or withdrawn). */
export async function requeueKnownDatasets(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into dataset_pending_push (dataset_id, revision, reason)
      select id, revision, 'release policy on catalogue figures' from dataset
      where state in ('published', 'withdrawn')
    on conflict (dataset_id) do nothing`.execute(db);
}
