/**
 * RDF triples → catalogue records: the reverse of `to-rdf.ts`, tolerant of what other DCAT-AP
 * catalogues write (blank nodes, literals where IRIs are usual), strict about the result — each
 * record goes through the same validation as a record written here.
 */
import type * as RDF from '@rdfjs/types';
import { Store } from 'n3';
import { CieError } from '../../errors.js';
import {
  accessRightsBase,
  dataThemeBase,
  datasetTypeBase,
  duoFromIri,
  healthCategoryBase,
  legislation,
  licenceBase,
  publisherTypeBase,
  radlexBase,
  snomedFromIri,
} from '../catalogue-codes.js';
import { sexCodes } from '../codes.js';
import { parseDatasetMetadata, type DatasetMetadata } from '../dataset-metadata.js';
import { ns } from './vocab.js';

const { rdf, rdfs, dct, dcat, dcatap, foaf, vcard, healthdcatap, cie, prov } = ns;

export interface HarvestedRecord {
  /** The dataset's IRI in its source catalogue. */
  iri: string;
  metadata: DatasetMetadata;
}

export interface RejectedRecord {
  iri: string;
  /** The validation error: message names the field ($.path). */
  error: CieError;
}

class Graph {
  constructor(private readonly store: Store) {}
  all(s: RDF.Term, p: RDF.NamedNode): RDF.Term[] {
    return this.store.getQuads(s, p, null, null).map((q) => q.object);
  }
  one(s: RDF.Term, p: RDF.NamedNode): RDF.Term | undefined {
    return this.all(s, p)[0];
  }
  text(s: RDF.Term, p: RDF.NamedNode): string | undefined {
    return this.one(s, p)?.value;
  }
  texts(s: RDF.Term, p: RDF.NamedNode): string[] {
    return this.all(s, p).map((o) => o.value);
  }
  int(s: RDF.Term, p: RDF.NamedNode): number | string | undefined {
    const v = this.text(s, p);
    if (v === undefined) return undefined;
    const n = Number(v);
    return Number.isInteger(n) ? n : v;
  }
  subjectsOfType(cls: RDF.NamedNode): RDF.Term[] {
    return this.store.getQuads(null, rdf('type'), cls, null).map((q) => q.subject);
  }
}

/** The local part of an IRI in a known vocabulary, else the IRI itself (so validation names it). */
function code(value: string | undefined, base: string): string | undefined {
  if (value === undefined) return undefined;
  return value.startsWith(base) ? value.slice(base.length) : value;
}

const mailto = (v: string | undefined): string | undefined => v?.replace(/^mailto:/i, '');

const legislationByIri = new Map<string, string>(Object.entries(legislation).map(([k, v]) => [v, k]));
const sexBySnomed = new Map<string, string>(Object.entries(sexCodes).map(([k, v]) => [v.code, k]));

function contactOf(g: Graph, node: RDF.Term | undefined): Record<string, unknown> | undefined {
  if (!node) return undefined;
  return {
    name: g.text(node, vcard('fn')) ?? g.text(node, vcard('organization-name')),
    email: mailto(g.text(node, vcard('hasEmail'))),
    url: g.text(node, vcard('hasURL')),
  };
}

function agentOf(g: Graph, node: RDF.Term | undefined): Record<string, unknown> | undefined {
  if (!node) return undefined;
  return {
    name: g.text(node, foaf('name')),
    email: mailto(g.text(node, foaf('mbox'))),
    url: g.text(node, foaf('homepage')),
  };
}

/** The unvalidated record of one dataset node, in the shape of the metadata model. */
function recordOf(g: Graph, ds: RDF.Term): Record<string, unknown> {
  const publisher = g.one(ds, dct('publisher'));
  const hdab = g.one(ds, healthdcatap('hdab'));
  const licenceIris = new Set<string>();
  const distributions = g
    .all(ds, dcat('distribution'))
    .sort((a, b) => a.value.localeCompare(b.value, 'en', { numeric: true }))
    .map((d) => {
      const lic = g.text(d, dct('license'));
      if (lic) licenceIris.add(lic);
      const mediaType = g.text(d, dcat('mediaType'));
      return {
        title: g.text(d, dct('title')),
        accessCondition: code(g.text(d, cie('accessCondition')), ns.cie('').value) ?? 'DOWNLOAD',
        accessUrl: g.text(d, dcat('accessURL')),
        mediaType: mediaType?.replace(/^https?:\/\/www\.iana\.org\/assignments\/media-types\//, ''),
      };
    });
  const licence = code([...licenceIris][0] ?? g.text(ds, dct('license')), licenceBase);
  const provenance = g.one(ds, dct('provenance'));
  const project = g.one(ds, prov('wasGeneratedBy'));
  const opt = <T>(v: T[]): T[] | undefined => (v.length ? v : undefined);
  return {
    identifier: g.text(ds, dct('identifier')),
    title: g.text(ds, dct('title')),
    description: g.text(ds, dct('description')),
    version: g.text(ds, dcat('version')) ?? g.text(ds, ns.dcat('versionInfo')),
    publisher: publisher && {
      ...agentOf(g, publisher),
      type: code(g.text(publisher, dct('type')), publisherTypeBase),
    },
    contactPoint: contactOf(g, g.one(ds, dcat('contactPoint'))),
    themes: g.texts(ds, dcat('theme')).map((t) => code(t, dataThemeBase)),
    healthCategories: g.texts(ds, healthdcatap('healthCategory')).map((t) => code(t, healthCategoryBase)),
    type: code(g.text(ds, dct('type')), datasetTypeBase),
    provenance:
      provenance &&
      (provenance.termType === 'Literal' ? provenance.value : g.text(provenance, rdfs('label'))),
    keywords: g.texts(ds, dcat('keyword')),
    accessRights: code(g.text(ds, dct('accessRights')), accessRightsBase),
    applicableLegislation: g
      .texts(ds, dcatap('applicableLegislation'))
      .map((l) => legislationByIri.get(l) ?? l),
    distributions,
    licence,
    dataUse: g.one(ds, cie('dataUsePermission')) && {
      permission: ((v) => v && (duoFromIri(v) ?? v))(g.text(ds, cie('dataUsePermission'))),
      disease: ((v) => v && (snomedFromIri(v) ?? v))(g.text(ds, cie('dataUseDisease'))),
      modifiers: g.all(ds, cie('dataUseModifier')).map((mod) => {
        const c = g.text(mod, cie('code'));
        return { code: c && (duoFromIri(c) ?? c), value: g.text(mod, cie('value')) };
      }),
    },
    hdab: hdab && { ...agentOf(g, hdab), contactPoint: contactOf(g, g.one(hdab, dcat('contactPoint'))) },
    project: project && {
      name: g.text(project, rdfs('label')),
      funding: g.text(project, cie('funding')),
      url: g.text(project, foaf('homepage')),
    },
    landingPage: g.text(ds, dcat('landingPage')),
    issued: g.text(ds, dct('issued'))?.slice(0, 10),
    modified: g.text(ds, dct('modified'))?.slice(0, 10),
    numberOfUniqueIndividuals: g.int(ds, healthdcatap('numberOfUniqueIndividuals')),
    numberOfRecords: g.int(ds, healthdcatap('numberOfRecords')),
    minTypicalAge: g.int(ds, healthdcatap('minTypicalAge')),
    maxTypicalAge: g.int(ds, healthdcatap('maxTypicalAge')),
    sexes: opt(
      g.texts(ds, cie('sex')).map((s) => {
        const c = snomedFromIri(s);
        return (c && sexBySnomed.get(c)) ?? s;
      }),
    ),
    conditions: opt(g.texts(ds, cie('condition')).map((s) => snomedFromIri(s) ?? s)),
    modalities: opt(g.texts(ds, cie('modality')).map((s) => code(s, radlexBase))),
    bodyParts: opt(g.texts(ds, cie('bodyPart')).map((s) => snomedFromIri(s) ?? s)),
    manufacturers: opt(g.texts(ds, cie('manufacturer'))),
  };
}

/** Drop undefined members so that "absent" and "not given" validate the same. */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, clean(x)]),
    );
  }
  return v;
}

/** Every dcat:Dataset in the triples, validated one by one: good records and rejected ones. */
export function recordsFromRdf(quads: RDF.Quad[]): {
  records: HarvestedRecord[];
  rejected: RejectedRecord[];
} {
  const g = new Graph(new Store(quads));
  const records: HarvestedRecord[] = [];
  const rejected: RejectedRecord[] = [];
  for (const ds of g.subjectsOfType(dcat('Dataset'))) {
    const id = ds.termType === 'BlankNode' ? `_:${ds.value}` : ds.value;
    try {
      records.push({ iri: id, metadata: parseDatasetMetadata(clean(recordOf(g, ds)), `record ${id}`) });
    } catch (err) {
      if (!(err instanceof CieError)) throw err;
      rejected.push({ iri: id, error: err });
    }
  }
  return { records, rejected };
}
