/**
 * A representative edits their entry with random strings (IRI breakers: spaces, `<`, `>`, quotes,
 * braces, newlines, NUL, non-ASCII, percent signs…): every edit is saved or refused with 400,
 * never 500, and the public exports (catalogue.ttl, catalogue.jsonld) still parse, hold the same
 * graph in both formats, and never carry a triple about another organisation's dataset.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type * as RDF from '@rdfjs/types';
import { startTestHub, type Agent, type TestHub } from '../../../test/support/hub.js';
import { placeholderFigures } from '../../../test/support/catalogue-record.js';
import { parseDatasetMetadata } from '../../model/dataset-metadata.js';
import { exampleRecord } from '../../model/dcat/fixtures.js';
import { parseRdf } from '../../model/dcat/parse.js';
import { cataloguePlugin } from './catalogue.plugin.js';
import { receiveNodeRecord } from './catalogue.service.js';

const publicUrl = 'http://hub.test';
const victim = `${publicUrl}/catalogue/datasets/victim-org.victim`;
const injection = `https://a.example/x> <${victim}> <http://purl.org/dc/terms/title> "pwned" . <https://a.example/y`;

/** A small deterministic generator (mulberry32), so a failure replays. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pieces = [
  ' ',
  '<',
  '>',
  '"',
  '{',
  '}',
  '\\',
  '|',
  '^',
  '`',
  '\n',
  '\r',
  '\t',
  '#',
  '?',
  '%',
  '%41',
  '%zz',
  '\u0000',
  '\u0085',
  '\u2028',
  'é',
  '路',
  '\u{1F600}',
  '\uFFFF',
  '/',
  '@',
  ':',
  '.',
  ';',
  "'",
  'a',
  'Z',
  '9',
  ' .',
  ` <${victim}> `,
  '"pwned"@en',
  '_:b0',
];

function randomText(next: () => number): string {
  const prefix = ['https://a.example/', 'http://', 'https://', '', 'mailto:'][Math.floor(next() * 5)] ?? '';
  let s = prefix;
  const n = 1 + Math.floor(next() * 12);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(next() * pieces.length)] ?? '';
  return s;
}

const key = (q: RDF.Quad) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}`;
const about = (quads: RDF.Quad[], subject: string) =>
  [
    ...new Set(
      quads.filter((q) => q.subject.value === subject || q.subject.value.startsWith(`${subject}#`)).map(key),
    ),
  ].sort();

describe('catalogue exports under random metadata edits', () => {
  let hub: TestHub;
  let rep: Agent;
  before(async () => {
    hub = await startTestHub({ plugins: [cataloguePlugin], config: { publicUrl } });
    const mine = await hub.createOrganisation('mine');
    const theirs = await hub.createOrganisation('victim-org');
    const record = (identifier: string) => ({
      identifier,
      revision: 1,
      state: 'published' as const,
      metadata: parseDatasetMetadata(exampleRecord({ identifier })),
      figures: placeholderFigures,
      updatedAt: '',
    });
    await receiveNodeRecord(hub.db, mine, record('ours'));
    await receiveNodeRecord(hub.db, theirs, record('victim'));
    rep = await hub.userAgent({ representativeOf: [mine] });
  });
  after(() => hub.close());

  const edit = (patch: Record<string, unknown>) =>
    rep.fetch('/api/v1/catalogue/datasets/mine.ours', { method: 'PATCH', json: patch });
  const exports = async () => {
    const ttl = await (await fetch(`${hub.url}/catalogue.ttl`)).text();
    const jsonld = await (await fetch(`${hub.url}/catalogue.jsonld`)).text();
    return { ttl: await parseRdf(ttl, 'turtle'), jsonld: await parseRdf(jsonld, 'jsonld') };
  };

  it('refuses an access URL that would close the IRI and inject a triple, naming the field', async () => {
    const res = await edit({
      distributions: [{ accessCondition: 'IN_SITU_PROCESSING', accessUrl: injection }],
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { message: string } };
    assert.match(body.error.message, /distributions\[0\]\.accessUrl: must be a valid IRI/);
    const { ttl } = await exports();
    assert.equal(ttl.filter((q) => q.object.value === 'pwned').length, 0);
  });

  it('keeps the exports parseable and the other dataset untouched through 200 random edits', async () => {
    const before = await exports();
    const theirs = about(before.ttl, victim);
    assert.ok(theirs.length > 20, 'the victim dataset is in the export');
    const next = rng(13);
    let saved = 0;
    for (let i = 0; i < 200; i++) {
      const text = randomText(next);
      const field = Math.floor(next() * 6);
      const patch: Record<string, unknown> = [
        {
          distributions: [
            { accessCondition: 'IN_SITU_PROCESSING', accessUrl: text, mediaType: 'application/dicom' },
          ],
        },
        { landingPage: text },
        { contactPoint: { name: text, url: text } },
        { title: text },
        { keywords: [text, 'x'] },
        { publisher: { name: 'Us', type: 'NationalAuthority', url: text } },
      ][field] as Record<string, unknown>;
      const res = await edit(patch);
      assert.ok(res.status === 200 || res.status === 400, `${res.status} for ${JSON.stringify(patch)}`);
      if (res.status === 200) saved += 1;
      if (i % 20 !== 19) continue;
      const now = await exports();
      assert.deepEqual(about(now.ttl, victim), theirs, `Turtle after ${JSON.stringify(patch)}`);
      assert.deepEqual(about(now.jsonld, victim), theirs, `JSON-LD after ${JSON.stringify(patch)}`);
      const graph = (quads: RDF.Quad[]) => [...new Set(quads.map(key))].sort();
      assert.deepEqual(graph(now.ttl), graph(now.jsonld), 'one graph in both formats');
      assert.equal(now.ttl.filter((q) => q.object.value === 'pwned').length, 0);
    }
    assert.ok(saved > 10, `some random edits were valid and saved (${saved})`);
  });
});
