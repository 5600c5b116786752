/** Reading RDF documents (Turtle, JSON-LD, RDF/XML) into triples, with precise errors. */
import type * as RDF from '@rdfjs/types';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { CieError, errorMessage } from '../../errors.js';
import { offlineDocumentLoader } from './serialize.js';

export const rdfFormats = ['turtle', 'jsonld', 'rdfxml'] as const;
export type RdfInputFormat = (typeof rdfFormats)[number];

/** The format of a document from its media type or file name, else from its first characters. */
export function detectRdfFormat(text: string, hint?: string): RdfInputFormat {
  const h = (hint ?? '').toLowerCase();
  if (/turtle|\.ttl$/.test(h)) return 'turtle';
  if (/ld\+json|\.jsonld$|\.json$/.test(h)) return 'jsonld';
  if (/rdf\+xml|\.rdf$|\.xml$|\.owl$/.test(h)) return 'rdfxml';
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'jsonld';
  if (start.startsWith('<?xml') || /^<rdf:RDF/.test(start)) return 'rdfxml';
  return 'turtle';
}

const malformed = (format: string, err: unknown): CieError =>
  new CieError('VALIDATION_FAILED', `malformed ${format}: ${errorMessage(err)}`, { format }, { cause: err });

export async function parseRdf(text: string, format: RdfInputFormat, baseIRI?: string): Promise<RDF.Quad[]> {
  switch (format) {
    case 'turtle':
      try {
        return new Parser({ format: 'text/turtle', ...(baseIRI ? { baseIRI } : {}) }).parse(text);
      } catch (err) {
        throw malformed('Turtle', err);
      }
    case 'jsonld': {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (err) {
        throw malformed('JSON-LD', err);
      }
      let nquads: string;
      try {
        nquads = await jsonld.toRDF(doc, {
          format: 'application/n-quads',
          documentLoader: offlineDocumentLoader,
          ...(baseIRI ? { base: baseIRI } : {}),
        });
      } catch (err) {
        throw malformed('JSON-LD', err);
      }
      return new Parser({ format: 'application/n-quads' }).parse(nquads);
    }
    case 'rdfxml':
      return new Promise((resolve, reject) => {
        const quads: RDF.Quad[] = [];
        const parser = new RdfXmlParser(baseIRI ? { baseIRI } : {});
        parser.on('data', (q: RDF.Quad) => quads.push(q));
        parser.on('error', (err: unknown) => reject(malformed('RDF/XML', err)));
        parser.on('end', () => resolve(quads));
        parser.write(text);
        parser.end();
      });
  }
}
