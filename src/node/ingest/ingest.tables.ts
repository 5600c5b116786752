/** Kysely types of the columns the ingest adds to the index (migration 0002-ingest-source). */
export interface IngestTables {
  instance: {
    /** The folder given to `cie ingest` (absolute), or null for instances received over the network. */
    source_root: string | null;
  };
}
