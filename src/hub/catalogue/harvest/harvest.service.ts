/**
 * Harvest: import the DCAT-AP records of another catalogue as external entries. Each record is
 * validated and stored in its own transaction (an invalid one is reported by IRI and field and
 * never half-imported); changed records get a new version; records the source no longer lists
 * are marked vanished. A malformed or unreachable source imports nothing and changes nothing.
 */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../../db/schema.js';
import { recordsFromRdf } from '../../../model/dcat/from-rdf.js';
import { parseRdf } from '../../../model/dcat/parse.js';
import { markVanished, storeHarvestedRecord } from '../catalogue.service.js';
import { readHarvestSource } from './harvest-source.js';

export interface HarvestOptions {
  /** How long to wait for an http(s) source (ms). */
  timeoutMs?: number | undefined;
}

export interface HarvestSummary {
  source: string;
  created: string[];
  updated: string[];
  unchanged: number;
  vanished: string[];
  rejected: Array<{ iri: string; message: string; issues: unknown }>;
}

export const defaultHarvestTimeoutMs = 30_000;

export async function harvestCatalogue(
  db: Kysely<HubDB>,
  source: string,
  opts: HarvestOptions = {},
): Promise<HarvestSummary> {
  const doc = await readHarvestSource(source, opts.timeoutMs ?? defaultHarvestTimeoutMs);
  const { records, rejected } = recordsFromRdf(await parseRdf(doc.text, doc.format));
  const summary: HarvestSummary = {
    source,
    created: [],
    updated: [],
    unchanged: 0,
    vanished: [],
    rejected: rejected.map((r) => ({
      iri: r.iri,
      message: r.error.message,
      issues: r.error.details?.issues,
    })),
  };
  for (const r of records) {
    const outcome = await storeHarvestedRecord(db, source, r.iri, r.metadata);
    if (outcome === 'created') summary.created.push(r.iri);
    else if (outcome === 'updated') summary.updated.push(r.iri);
    else summary.unchanged += 1;
  }
  // A rejected record is still listed by the source: it has not vanished, it is just invalid now.
  const seen = new Set([...records.map((r) => r.iri), ...rejected.map((r) => r.iri)]);
  summary.vanished = await markVanished(db, source, seen);
  return summary;
}
