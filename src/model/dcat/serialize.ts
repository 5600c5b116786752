/**
 * Writing RDF: Turtle through the n3 Writer, JSON-LD from the same triples compacted with one
 * context. The catalogue can be written as a stream, one dataset chunk at a time, so exporting a
 * catalogue of any size takes constant memory.
 */
import type { Writable } from 'node:stream';
import type * as RDF from '@rdfjs/types';
import jsonld from 'jsonld';
import { Writer } from 'n3';
import { CieError } from '../../errors.js';
import { iriMessage, isIri } from '../iri.js';
import { prefixes } from './vocab.js';

/** Identical triples once, grouped by subject (first appearance order) so Turtle reads well. */
export function groupBySubject(quads: RDF.Quad[]): RDF.Quad[] {
  const bySubject = new Map<string, Map<string, RDF.Quad>>();
  for (const q of quads) {
    const key = `${q.subject.termType}:${q.subject.value}`;
    let group = bySubject.get(key);
    if (!group) bySubject.set(key, (group = new Map<string, RDF.Quad>()));
    group.set(`${q.predicate.value} ${q.object.termType}:${q.object.value}:${literalTail(q.object)}`, q);
  }
  return [...bySubject.values()].flatMap((g) => [...g.values()]);
}

function literalTail(t: RDF.Term): string {
  return t.termType === 'Literal' ? `${t.language}^${t.datatype.value}` : '';
}

/** The first named node of these triples that is not an RFC 3987 IRI, if any. */
export function invalidIri(quads: readonly RDF.Quad[]): string | undefined {
  for (const q of quads) {
    for (const t of [q.subject, q.predicate, q.object, q.graph]) {
      if (t.termType === 'NamedNode' && !isIri(t.value)) return t.value;
    }
  }
  return undefined;
}

/** Both writers refuse a "IRI" that could end early in the output and start a triple of its own. */
function refuseInvalidIris(quads: readonly RDF.Quad[]): void {
  const bad = invalidIri(quads);
  if (bad !== undefined) {
    throw new CieError(
      'VALIDATION_FAILED',
      `refusing to write ${JSON.stringify(bad)} as an IRI: it ${iriMessage}`,
    );
  }
}

export function toTurtle(quads: RDF.Quad[], withPrefixes = true): Promise<string> {
  return new Promise((resolve, reject) => {
    refuseInvalidIris(quads); // thrown in the executor: the promise rejects
    const w = new Writer({ format: 'text/turtle', prefixes });
    w.addQuads(groupBySubject(quads));
    w.end((err, out) => {
      if (err) reject(err);
      // A chunk after the first must not repeat the @prefix block.
      else resolve(withPrefixes ? out : out.replace(/^(@prefix [^\n]*\n)+\n?/, ''));
    });
  });
}

export function toNQuads(quads: RDF.Quad[]): Promise<string> {
  return new Promise((resolve, reject) => {
    refuseInvalidIris(quads); // thrown in the executor: the promise rejects
    const w = new Writer({ format: 'application/n-quads' });
    w.addQuads(quads);
    w.end((err, out) => (err ? reject(err) : resolve(out)));
  });
}

/** The compact JSON-LD context: the Turtle prefixes, with typed values kept explicit. */
export const jsonLdContext: Record<string, string> = { ...prefixes };

/** A loader that refuses every remote document: export and harvest never fetch contexts. */
export function offlineDocumentLoader(url: string): Promise<never> {
  return Promise.reject(
    new CieError(
      'VALIDATION_FAILED',
      `JSON-LD refers to a remote document (${url}); only inline contexts are read`,
    ),
  );
}

export async function toJsonLd(quads: RDF.Quad[]): Promise<Record<string, unknown>> {
  const expanded = await jsonld.fromRDF(await toNQuads(quads), { format: 'application/n-quads' });
  return jsonld.compact(expanded, { '@context': jsonLdContext }, { documentLoader: offlineDocumentLoader });
}

/** The nodes of a compacted document, whether it holds one (no @graph) or many. */
function graphNodes(doc: Record<string, unknown>): unknown[] {
  if (Array.isArray(doc['@graph'])) return doc['@graph'] as unknown[];
  const { '@context': _ctx, ...node } = doc;
  return Object.keys(node).length ? [node] : [];
}

export type RdfFormat = 'turtle' | 'jsonld';

/** One chunk of triples after another, written as a single Turtle or JSON-LD document. */
export async function writeRdfStream(
  out: Writable,
  format: RdfFormat,
  chunks: AsyncIterable<RDF.Quad[]> | Iterable<RDF.Quad[]>,
): Promise<void> {
  const write = (s: string): Promise<void> =>
    new Promise((resolve, reject) => {
      if (out.write(s)) return resolve();
      const onDrain = () => {
        out.off('error', onError);
        resolve();
      };
      const onError = (err: Error) => {
        out.off('drain', onDrain);
        reject(err);
      };
      out.once('drain', onDrain);
      out.once('error', onError);
    });
  if (format === 'jsonld') await write(`{"@context":${JSON.stringify(jsonLdContext)},"@graph":[`);
  let first = true;
  for await (const chunk of chunks) {
    if (format === 'turtle') {
      await write((first ? '' : '\n') + (await toTurtle(chunk, first)));
      first = false;
    } else {
      for (const node of graphNodes(await toJsonLd(chunk))) {
        await write((first ? '\n' : ',\n') + JSON.stringify(node));
        first = false;
      }
    }
  }
  if (format === 'jsonld') await write('\n]}\n');
}
