/** Namespaces of the DCAT-AP / HealthDCAT-AP export, and the prefixes written in Turtle. */
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';

export const prefixes = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  eli: 'http://data.europa.eu/eli/ontology#',
  healthdcatap: 'http://healthdataportal.eu/ns/health#',
  prov: 'http://www.w3.org/ns/prov#',
  /** The platform's own terms (imaging facets, access conditions, data-use codes). */
  cie: 'https://w3id.org/cie/ns#',
} as const;

type Prefix = keyof typeof prefixes;

/** `ns.dcat('Dataset')` → the NamedNode dcat:Dataset. */
export const ns = Object.fromEntries(
  Object.entries(prefixes).map(([k, base]) => [k, (local: string) => DataFactory.namedNode(base + local)]),
) as Record<Prefix, (local: string) => RDF.NamedNode>;

export const iri = (value: string): RDF.NamedNode => DataFactory.namedNode(value);
