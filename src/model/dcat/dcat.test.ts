import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PassThrough } from 'node:stream';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { CieError } from '../../errors.js';
import { canonicalRecord, parseDatasetMetadata, type DatasetMetadata } from '../dataset-metadata.js';
import { exampleRecord } from './fixtures.js';
import { recordsFromRdf } from './from-rdf.js';
import { parseRdf } from './parse.js';
import { toJsonLd, toNQuads, toTurtle, writeRdfStream } from './serialize.js';
import { validateShacl } from './shacl.js';
import { catalogueMemberQuad, catalogueQuads, datasetQuads } from './to-rdf.js';
import { ns } from './vocab.js';

const catalogue = {
  iri: 'https://hub.example.org/catalogue',
  title: 'Cancer imaging catalogue',
  description: 'Datasets of the federation',
  publisher: { name: 'Example federation', url: 'https://hub.example.org' },
};
const dsIri = (m: DatasetMetadata) => `https://hub.example.org/datasets/${m.identifier}`;

function exportQuads(...records: DatasetMetadata[]): RDF.Quad[] {
  return [
    ...catalogueQuads(catalogue),
    ...records.flatMap((m) => [catalogueMemberQuad(catalogue.iri, dsIri(m)), ...datasetQuads(m, dsIri(m))]),
  ];
}

const canonical = async (quads: RDF.Quad[]) =>
  [...new Set((await toNQuads(quads)).split('\n').filter(Boolean))].sort();

const nonPublic = parseDatasetMetadata(exampleRecord());
const { project: _project, ...withoutProject } = exampleRecord();
const publicRecord = parseDatasetMetadata({
  ...withoutProject,
  ...{
    identifier: 'public-lung-ct',
    accessRights: 'PUBLIC',
    licence: 'CC_BY_4_0',
    // A plain DCAT-AP record: no HDAB, no DUO codes, no publisher type.
    hdab: undefined,
    dataUse: undefined,
    publisher: { name: 'Open Lung Initiative' },
    distributions: [{ accessCondition: 'DOWNLOAD', accessUrl: 'https://data.example.org/lung.zip' }],
  },
});

describe('DCAT-AP export', () => {
  it('passes the DCAT-AP 3 shapes for every record, and HealthDCAT-AP for NON_PUBLIC ones', async () => {
    const quads = exportQuads(nonPublic, publicRecord);
    assert.deepEqual(await validateShacl(quads, 'dcat-ap'), []);
    assert.deepEqual(await validateShacl(exportQuads(nonPublic), 'healthdcat-ap'), []);
    // The same triples come back from the Turtle and the JSON-LD text.
    const fromTurtle = await parseRdf(await toTurtle(quads), 'turtle');
    const fromJsonLd = await parseRdf(JSON.stringify(await toJsonLd(quads)), 'jsonld');
    assert.deepEqual(await canonical(fromTurtle), await canonical(quads));
    assert.deepEqual(await canonical(fromJsonLd), await canonical(quads));
    assert.deepEqual(await validateShacl(fromJsonLd, 'dcat-ap'), []);
  });

  it('catches a broken record (the validation can fail)', async () => {
    const ds = DataFactory.namedNode(dsIri(nonPublic));
    const broken = exportQuads(nonPublic).filter(
      (q) =>
        !(
          q.subject.equals(ds) &&
          (q.predicate.equals(ns.dct('title')) || q.predicate.equals(ns.healthdcatap('hdab')))
        ),
    );
    const dcatAp = await validateShacl(broken, 'dcat-ap');
    assert.ok(dcatAp.some((v) => v.focusNode === ds.value && v.path === ns.dct('title').value));
    const health = await validateShacl(broken, 'healthdcat-ap');
    assert.ok(health.some((v) => /healthdcatap:hdab/.test(v.message)));
    // A PUBLIC record is not a HealthDCAT-AP NON_PUBLIC record.
    const pub = await validateShacl(exportQuads(publicRecord), 'healthdcat-ap');
    assert.ok(pub.some((v) => /NON_PUBLIC/.test(v.message)));
  });

  it('round-trips: export → read back → export gives the same record and the same graph', async () => {
    for (const format of ['turtle', 'jsonld'] as const) {
      const quads = exportQuads(nonPublic, publicRecord);
      const text = format === 'turtle' ? await toTurtle(quads) : JSON.stringify(await toJsonLd(quads));
      const { records, rejected } = recordsFromRdf(await parseRdf(text, format));
      assert.deepEqual(rejected, []);
      const byId = new Map(records.map((r) => [r.metadata.identifier, r]));
      assert.deepEqual(canonicalRecord(byId.get(nonPublic.identifier)!.metadata), canonicalRecord(nonPublic));
      assert.deepEqual(
        canonicalRecord(byId.get(publicRecord.identifier)!.metadata),
        canonicalRecord(publicRecord),
      );
      const again = exportQuads(...records.map((r) => r.metadata));
      assert.deepEqual(await canonical(again), await canonical(quads));
    }
  });

  it('streams a catalogue chunk by chunk as one valid Turtle or JSON-LD document', async () => {
    for (const format of ['turtle', 'jsonld'] as const) {
      const out = new PassThrough();
      const parts: Buffer[] = [];
      out.on('data', (b: Buffer) => parts.push(b));
      function* chunks() {
        yield catalogueQuads(catalogue);
        for (const m of [nonPublic, publicRecord]) {
          yield [catalogueMemberQuad(catalogue.iri, dsIri(m)), ...datasetQuads(m, dsIri(m))];
        }
      }
      await writeRdfStream(out, format, chunks());
      const text = Buffer.concat(parts).toString('utf8');
      if (format === 'turtle') assert.equal(text.match(/@prefix dcat:/g)?.length, 1);
      const quads = await parseRdf(text, format);
      assert.deepEqual(await canonical(quads), await canonical(exportQuads(nonPublic, publicRecord)));
    }
  });
});

describe('reading RDF', () => {
  it('reports malformed Turtle, JSON-LD and RDF/XML as VALIDATION_FAILED', async () => {
    const cases = [
      ['turtle', '<a> <b> "unterminated .', /malformed Turtle/],
      ['jsonld', '{"@context": ', /malformed JSON-LD/],
      [
        'jsonld',
        '{"@context": "https://example.org/remote.jsonld", "title": "x"}',
        /malformed JSON-LD.*remote\.jsonld/,
      ],
      [
        'rdfxml',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description></rdf:Foo></rdf:RDF>',
        /malformed RDF\/XML/,
      ],
    ] as const;
    for (const [format, text, pattern] of cases) {
      await assert.rejects(parseRdf(text, format), (err: unknown) => {
        assert.ok(err instanceof CieError);
        assert.equal(err.code, 'VALIDATION_FAILED');
        assert.match(err.message, pattern);
        return true;
      });
    }
  });

  it('rejects an invalid record naming the record and the field, and keeps the valid ones', async () => {
    const xml = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#"
         xmlns:dct="http://purl.org/dc/terms/">
  <dcat:Dataset rdf:about="https://other.example.org/ds/1">
    <dct:title>Only a title</dct:title>
    <dct:identifier>ds-1</dct:identifier>
  </dcat:Dataset>
</rdf:RDF>`;
    const quads = [...(await parseRdf(xml, 'rdfxml')), ...exportQuads(publicRecord)];
    const { records, rejected } = recordsFromRdf(quads);
    assert.deepEqual(
      records.map((r) => r.metadata.identifier),
      ['public-lung-ct'],
    );
    assert.equal(rejected.length, 1);
    assert.match(
      rejected[0]?.error.message ?? '',
      /record https:\/\/other\.example\.org\/ds\/1: .*\$\.description/,
    );
  });
});

describe('IRIs in the RDF writers', () => {
  const breaker = 'https://a.example/x> <https://hub.example/catalogue/datasets/other';
  const bad = DataFactory.quad(
    DataFactory.namedNode('https://a.example/ds'),
    ns.dcat('accessURL'),
    DataFactory.namedNode(breaker),
  );

  it('refuses, in Turtle and JSON-LD, a named node that is not an RFC 3987 IRI', async () => {
    await assert.rejects(
      toTurtle([bad]),
      (e: CieError) => e.code === 'VALIDATION_FAILED' && /valid IRI/.test(e.message),
    );
    await assert.rejects(toJsonLd([bad]), /valid IRI/);
    for (const s of [
      'https://a.example/ a',
      'https://a.example/"',
      'https://a.example/{x}',
      'https://a.example/\\',
    ]) {
      const q = DataFactory.quad(DataFactory.namedNode(s), ns.dct('title'), DataFactory.literal('t'));
      await assert.rejects(toTurtle([q]), /valid IRI/, s);
    }
  });

  it('refuses such URLs in a record before they are stored, naming the field', () => {
    const withUrl = (accessUrl: string) =>
      exampleRecord({ distributions: [{ accessCondition: 'IN_SITU_PROCESSING', accessUrl }] });
    assert.throws(
      () => parseDatasetMetadata(withUrl(breaker)),
      /distributions\[0\]\.accessUrl: must be a valid IRI/,
    );
    assert.throws(
      () => parseDatasetMetadata(exampleRecord({ landingPage: 'https://a.example/a b' })),
      /landingPage/,
    );
    assert.doesNotThrow(() => parseDatasetMetadata(withUrl('https://hub.example/dicomweb/ds%20a?x=1#f')));
  });
});
