/**
 * The whole public catalogue as one DCAT-AP document, streamed: the catalogue's description,
 * then each published entry as its own chunk of triples, read from the database a page at a
 * time — memory stays flat however many datasets there are.
 */
import type { Writable } from 'node:stream';
import type * as RDF from '@rdfjs/types';
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import { invalidIri, writeRdfStream, type RdfFormat } from '../../model/dcat/serialize.js';
import {
  catalogueMemberQuad,
  catalogueQuads,
  datasetQuads,
  type CatalogueInfo,
} from '../../model/dcat/to-rdf.js';
import { publishedEntries } from './catalogue.repository.js';

/** The public IRI of a catalogue entry: it resolves to the entry's page or record. */
export const entryIri = (baseUrl: string, slug: string): string =>
  `${baseUrl.replace(/\/$/, '')}/catalogue/datasets/${encodeURIComponent(slug)}`;

export function catalogueInfo(baseUrl: string, name = 'Cancer imaging catalogue'): CatalogueInfo {
  const base = baseUrl.replace(/\/$/, '');
  return {
    iri: `${base}/catalogue`,
    title: name,
    description:
      'Datasets of cancer imaging held by the organisations of this federation, with their access conditions.',
    publisher: { name, url: base },
    homepage: base,
    applicableLegislation: ['EHDS', 'GDPR'],
  };
}

export async function exportCatalogue(
  db: Kysely<HubDB>,
  out: Writable,
  format: RdfFormat,
  baseUrl: string,
): Promise<void> {
  const info = catalogueInfo(baseUrl);
  async function* chunks(): AsyncGenerator<RDF.Quad[]> {
    yield catalogueQuads(info);
    for await (const rows of publishedEntries(db)) {
      for (const row of rows) {
        const iri = entryIri(baseUrl, row.slug);
        const quads = [catalogueMemberQuad(info.iri, iri), ...datasetQuads(row.metadata, iri)];
        // An entry stored before IRIs were checked strictly is left out, not the whole catalogue.
        if (invalidIri(quads) === undefined) yield quads;
      }
    }
  }
  await writeRdfStream(out, format, chunks());
}
