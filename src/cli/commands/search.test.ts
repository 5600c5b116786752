import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startTestHub, type TestHub } from '../../../test/support/hub.js';
import { openTestNodeDb } from '../../../test/support/db.js';
import { generateSearchFixture, insertSearchFixture } from '../../../test/support/search-fixture.js';
import { group, leaf, lens } from '../../../test/support/search-queries.js';
import type { Database } from '../../db/database.js';
import type { NodeDB } from '../../db/schema.js';
import { localNodeDispatcher } from '../../hub/search/node-dispatcher.js';
import { SearchBroker } from '../../hub/search/search-broker.service.js';
import { registerSearchRoutes } from '../../hub/search/search.routes.js';
import { fieldKeys as F } from '../../model/codes.js';
import { wholeIndexCollections } from '../../node/search/collections.js';
import { searchTaskHandler } from '../../node/search/search.service.js';

const run = promisify(execFile);

/** `cie …` as a child process (the hub answers in this process meanwhile). */
async function cie(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['bin/cie.mjs', ...args], {
      env: { ...process.env, CIE_LOG_LEVEL: 'warn' },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('cie search', () => {
  let hub: TestHub;
  let node: Database<NodeDB>;
  let broker: SearchBroker;
  let token: string;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cie-search-cli-'));
    node = await openTestNodeDb('pglite');
    await insertSearchFixture(node.db, generateSearchFixture(3, 80));
    const handle = searchTaskHandler({
      db: node.db,
      provider: 'Oslo',
      privacy: { threshold: 10, roundTo: 10 },
      collections: wholeIndexCollections('Oslo'),
    });
    const nodes = [
      { id: 1, name: 'Oslo', online: true, handle },
      { id: 2, name: 'Riga', online: false, handle },
    ];
    hub = await startTestHub({
      plugins: [
        {
          name: 'search',
          prefix: '',
          register: (app, ctx) => {
            broker = new SearchBroker({
              db: ctx.db,
              dispatcher: localNodeDispatcher(nodes),
              audit: { record: () => Promise.resolve() },
            });
            registerSearchRoutes(app, broker, (names) =>
              Promise.resolve(nodes.filter((n) => names.includes(n.name)).map((n) => n.id)),
            );
          },
        },
      ],
    });
    token = await (await hub.createUser()).newToken();
    writeFileSync(
      join(dir, 'mr.json'),
      JSON.stringify(lens([group(F.modality, leaf(F.modality, 'EQUALS', 'RID10312'))])),
    );
  });
  after(async () => {
    broker.close();
    await hub.close();
    await node.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints each site as it answers and a summary table; exit 2 when a site did not answer', async () => {
    const csv = join(dir, 'out.csv');
    const r = await cie(
      'search',
      '--hub',
      hub.url,
      '--token',
      token,
      '--query',
      join(dir, 'mr.json'),
      '--csv',
      csv,
    );
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /^Oslo: answered \(\d+ ms\) - Oslo: \d+ subjects$/m);
    assert.match(r.stdout, /^Riga: offline/m);
    assert.match(r.stdout, /^site\s+state\s+collection\s+subjects\s+studies\s+series/m);
    assert.match(r.stdout, /^total\s+1\/2 answered/m);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'search_id,query_hash,site,state,collection,subjects,studies,series,note');
    assert.equal(lines.length, 3);
    assert.match(lines[1] ?? '', /,Oslo,answered,Oslo,\d+,\d+,\d+,$/);
  });

  it('--json prints the stored result; --sites asks only those sites', async () => {
    const r = await cie(
      '--json',
      'search',
      '--hub',
      hub.url,
      '--token',
      token,
      '--query',
      join(dir, 'mr.json'),
      '--sites',
      'Oslo',
    );
    assert.equal(r.code, 0, r.stderr);
    const view = JSON.parse(r.stdout) as {
      status: string;
      nodes: Array<{ node_name: string; state: string }>;
    };
    assert.equal(view.status, 'done');
    assert.deepEqual(
      view.nodes.map((n) => [n.node_name, n.state]),
      [['Oslo', 'answered']],
    );
    assert.match(r.stderr, /^Oslo: answered/m, 'statuses still stream, on stderr');
  });

  it('refuses a bad token, an invalid query and an unknown site with a precise message', async () => {
    const q = join(dir, 'mr.json');
    const anon = await cie('search', '--hub', hub.url, '--token', 'nope', '--query', q);
    assert.equal(anon.code, 1);
    assert.match(anon.stderr, /UNAUTHENTICATED/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(lens([group(F.sex, leaf(F.sex, 'EQUALS', 'x'))])));
    const bad = await cie('search', '--hub', hub.url, '--token', token, '--query', join(dir, 'bad.json'));
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /INVALID_QUERY: .*unknown code 'x'/);
    const nowhere = await cie(
      'search',
      '--hub',
      hub.url,
      '--token',
      token,
      '--query',
      q,
      '--sites',
      'Atlantis',
    );
    assert.equal(nowhere.code, 1);
    assert.match(nowhere.stderr, /none of Atlantis is a site of this hub/);
  });
});
