/**
 * A catalogue record → RDF triples following DCAT-AP 3 and HealthDCAT-AP. Sub-resources
 * (publisher, contact point, distributions…) get IRIs under the dataset's IRI, not blank nodes,
 * so that a record reads back identically from Turtle and JSON-LD and compares as a graph.
 * Controlled-vocabulary IRIs are typed with the class DCAT-AP's range shapes expect.
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import {
  accessRightsBase,
  dataThemeBase,
  datasetTypeBase,
  duoIri,
  healthCategoryBase,
  legislation,
  licenceBase,
  publisherTypeBase,
  radlexBase,
  snomedIri,
  type Legislation,
} from '../catalogue-codes.js';
import { sexCodes } from '../codes.js';
import type { DatasetMetadata } from '../dataset-metadata.js';
import { iri, ns } from './vocab.js';

const { quad, literal } = DataFactory;
const { rdf, rdfs, dct, dcat, dcatap, foaf, vcard, skos, eli, healthdcatap, xsd, cie, prov } = ns;

/** Where the catalogue lives and who runs it (the catalogue's own DCAT-AP description). */
export interface CatalogueInfo {
  iri: string;
  title: string;
  description: string;
  publisher: { name: string; url?: string | undefined };
  homepage?: string | undefined;
  applicableLegislation?: Legislation[] | undefined;
}

class Triples {
  readonly quads: RDF.Quad[] = [];
  add(s: RDF.Quad_Subject, p: RDF.NamedNode, o: RDF.Quad_Object | string | undefined): void {
    if (o === undefined) return;
    this.quads.push(quad(s, p, typeof o === 'string' ? literal(o) : o));
  }
  typed(s: RDF.NamedNode, cls: RDF.NamedNode): RDF.NamedNode {
    this.add(s, rdf('type'), cls);
    return s;
  }
  /** A controlled-vocabulary term: DCAT-AP wants it a skos:Concept with a preferred label. */
  concept(base: string, code: string): RDF.NamedNode {
    const node = this.typed(iri(base + code), skos('Concept'));
    this.add(node, skos('prefLabel'), code.replace(/_/g, ' '));
    return node;
  }
}

const nonNegative = (n: number | undefined): RDF.Literal | undefined =>
  n === undefined ? undefined : literal(String(n), xsd('nonNegativeInteger'));

function agent(
  t: Triples,
  node: RDF.NamedNode,
  a: { name: string; email?: string | undefined; url?: string | undefined },
): void {
  t.typed(node, foaf('Agent'));
  t.add(node, foaf('name'), a.name);
  if (a.email) t.add(node, foaf('mbox'), iri(`mailto:${a.email}`));
  if (a.url) t.add(node, foaf('homepage'), t.typed(iri(a.url), foaf('Document')));
}

function contact(
  t: Triples,
  node: RDF.NamedNode,
  c: { name: string; email?: string | undefined; url?: string | undefined },
): RDF.NamedNode {
  t.typed(node, vcard('Kind'));
  t.add(node, vcard('fn'), c.name);
  if (c.email) t.add(node, vcard('hasEmail'), iri(`mailto:${c.email}`));
  if (c.url) t.add(node, vcard('hasURL'), iri(c.url));
  return node;
}

function legislationNodes(t: Triples, keys: readonly Legislation[]): RDF.NamedNode[] {
  return keys.map((k) => t.typed(iri(legislation[k]), eli('LegalResource')));
}

/** The triples of one dataset record. */
export function datasetQuads(m: DatasetMetadata, datasetIri: string): RDF.Quad[] {
  const t = new Triples();
  const ds = t.typed(iri(datasetIri), dcat('Dataset'));
  const sub = (local: string): RDF.NamedNode => iri(`${datasetIri}#${local}`);

  t.add(ds, dct('identifier'), m.identifier);
  t.add(ds, dct('title'), m.title);
  t.add(ds, dct('description'), m.description);
  t.add(ds, dcat('version'), m.version);
  if (m.issued) t.add(ds, dct('issued'), literal(m.issued, xsd('date')));
  if (m.modified) t.add(ds, dct('modified'), literal(m.modified, xsd('date')));
  if (m.landingPage) t.add(ds, dcat('landingPage'), t.typed(iri(m.landingPage), foaf('Document')));

  const contactNode = contact(t, sub('contact'), m.contactPoint);
  t.add(ds, dcat('contactPoint'), contactNode);

  const publisher = sub('publisher');
  agent(t, publisher, m.publisher);
  if (m.publisher.type) t.add(publisher, dct('type'), t.concept(publisherTypeBase, m.publisher.type));
  t.add(publisher, dcat('contactPoint'), contactNode);
  t.add(ds, dct('publisher'), publisher);

  if (m.hdab) {
    const hdab = sub('hdab');
    agent(t, hdab, m.hdab);
    t.add(hdab, dcat('contactPoint'), contact(t, sub('hdab-contact'), m.hdab.contactPoint));
    t.add(ds, healthdcatap('hdab'), hdab);
  }

  for (const th of m.themes) t.add(ds, dcat('theme'), t.concept(dataThemeBase, th));
  for (const hc of m.healthCategories) {
    t.add(ds, healthdcatap('healthCategory'), t.concept(healthCategoryBase, hc));
  }
  t.add(ds, dct('type'), t.concept(datasetTypeBase, m.type));
  const provenance = t.typed(sub('provenance'), dct('ProvenanceStatement'));
  t.add(provenance, rdfs('label'), m.provenance);
  t.add(ds, dct('provenance'), provenance);
  for (const k of m.keywords) t.add(ds, dcat('keyword'), k);
  t.add(ds, dct('accessRights'), t.typed(iri(accessRightsBase + m.accessRights), dct('RightsStatement')));
  for (const l of legislationNodes(t, m.applicableLegislation)) t.add(ds, dcatap('applicableLegislation'), l);

  const licence = t.typed(iri(licenceBase + m.licence), dct('LicenseDocument'));
  m.distributions.forEach((d, i) => {
    const dist = t.typed(sub(`distribution-${i + 1}`), dcat('Distribution'));
    t.add(dist, dct('title'), d.title);
    t.add(dist, dcat('accessURL'), iri(d.accessUrl));
    t.add(dist, cie('accessCondition'), cie(d.accessCondition));
    if (d.mediaType) {
      const mt = iri(`https://www.iana.org/assignments/media-types/${d.mediaType}`);
      t.add(dist, dcat('mediaType'), t.typed(mt, dct('MediaType')));
    }
    t.add(dist, dct('license'), licence);
    t.add(dist, dct('accessRights'), iri(accessRightsBase + m.accessRights));
    for (const l of legislationNodes(t, m.applicableLegislation))
      t.add(dist, dcatap('applicableLegislation'), l);
    t.add(ds, dcat('distribution'), dist);
  });

  if (m.dataUse) t.add(ds, cie('dataUsePermission'), iri(duoIri(m.dataUse.permission)));
  if (m.dataUse?.disease) t.add(ds, cie('dataUseDisease'), iri(snomedIri(m.dataUse.disease)));
  for (const mod of m.dataUse?.modifiers ?? []) {
    const node = sub(`use-${mod.code.replace(':', '_')}`);
    t.add(node, cie('code'), iri(duoIri(mod.code)));
    t.add(node, cie('value'), mod.value);
    t.add(ds, cie('dataUseModifier'), node);
  }

  if (m.project) {
    const p = t.typed(sub('project'), prov('Activity'));
    t.add(p, rdfs('label'), m.project.name);
    t.add(p, cie('funding'), m.project.funding);
    if (m.project.url) t.add(p, foaf('homepage'), t.typed(iri(m.project.url), foaf('Document')));
    t.add(ds, prov('wasGeneratedBy'), p);
  }

  t.add(ds, healthdcatap('numberOfUniqueIndividuals'), nonNegative(m.numberOfUniqueIndividuals));
  t.add(ds, healthdcatap('numberOfRecords'), nonNegative(m.numberOfRecords));
  t.add(ds, healthdcatap('minTypicalAge'), nonNegative(m.minTypicalAge));
  t.add(ds, healthdcatap('maxTypicalAge'), nonNegative(m.maxTypicalAge));
  for (const s of m.sexes ?? []) t.add(ds, cie('sex'), iri(snomedIri(sexCodes[s].code)));
  for (const c of m.conditions ?? []) t.add(ds, cie('condition'), iri(snomedIri(c)));
  for (const c of m.modalities ?? []) t.add(ds, cie('modality'), iri(radlexBase + c));
  for (const c of m.bodyParts ?? []) t.add(ds, cie('bodyPart'), iri(snomedIri(c)));
  for (const name of m.manufacturers ?? []) t.add(ds, cie('manufacturer'), name);
  return t.quads;
}

/** The catalogue's own description (without its dcat:dataset links). */
export function catalogueQuads(c: CatalogueInfo): RDF.Quad[] {
  const t = new Triples();
  const cat = t.typed(iri(c.iri), dcat('Catalog'));
  t.add(cat, dct('title'), c.title);
  t.add(cat, dct('description'), c.description);
  const publisher = iri(`${c.iri}#publisher`);
  agent(t, publisher, c.publisher);
  t.add(cat, dct('publisher'), publisher);
  if (c.homepage) t.add(cat, foaf('homepage'), t.typed(iri(c.homepage), foaf('Document')));
  for (const l of legislationNodes(t, c.applicableLegislation ?? ['EHDS'])) {
    t.add(cat, dcatap('applicableLegislation'), l);
  }
  return t.quads;
}

/** The link from a catalogue to one of its datasets. */
export function catalogueMemberQuad(catalogueIri: string, datasetIri: string): RDF.Quad {
  return quad(iri(catalogueIri), dcat('dataset'), iri(datasetIri));
}
