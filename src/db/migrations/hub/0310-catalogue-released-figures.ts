import { sql, type Kysely } from 'kysely';

const statsFields = sql`array['numberOfUniqueIndividuals', 'numberOfRecords', 'minTypicalAge', 'maxTypicalAge',
  'sexes', 'conditions', 'modalities', 'bodyParts', 'manufacturers']`;

/**
 * Catalogue figures as nodes release them (docs/privacy.md, "Catalogue figures"): each node entry
 * keeps the released figures its node sent (`figures`). Earlier nodes sent exact statistics, so
 * they are scrubbed from node entries, their versions and the columns derived from them until the
 * node pushes its released figures again (node migration 0210 queues that push). Harvested
 * entries keep what their source catalogue publishes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table catalogue_entry add column figures jsonb`.execute(db);
  await scrubExactFigures(db);
}

/** Remove the statistics of node entries (and their versions) until their nodes push released ones. */
export async function scrubExactFigures(db: Kysely<unknown>): Promise<void> {
  await sql`
    update catalogue_entry set
      metadata = metadata - ${statsFields}::text[],
      node_metadata = node_metadata - ${statsFields}::text[],
      subjects = null, studies = null, series = null, instances = null, size_bytes = null,
      min_age = null, max_age = null,
      sexes = '{}', cancer_types = '{}', modalities = '{}', body_parts = '{}',
      search_text = concat_ws(' \n', metadata->>'title', metadata->>'description',
        (select string_agg(k, ' ') from jsonb_array_elements_text(metadata->'keywords') k),
        provider, metadata->'project'->>'name')
    where origin = 'node' and figures is null`.execute(db);
  await sql`
    update catalogue_entry_version v set metadata = v.metadata - ${statsFields}::text[]
    from catalogue_entry e where e.id = v.entry_id and e.origin = 'node' and e.figures is null`.execute(db);
}
