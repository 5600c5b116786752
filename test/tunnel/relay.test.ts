/**
 * The DICOMweb relay end to end: hub app + tunnel + node with real DICOM files. A grantee reads
 * exactly the granted dataset (QIDO, WADO, rendered, ranges) with an API token and with
 * dicomweb-client; everyone and everything else is refused and audited.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { api } from 'dicomweb-client';
import { revokeGrant } from '../../src/hub/access/grant.repository.js';
import { signRelayAssertion } from '../../src/hub/relay/relay-assertion.js';
import { RELAY_TASK, type RelayPayloadInput } from '../../src/model/relay.js';
import { startRelayWorld, type RelayWorld } from '../support/relay-world.js';
import { waitFor } from '../support/tunnel-hub.js';

const XMLHttpRequest = createRequire(import.meta.url)('xhr2') as unknown;
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = XMLHttpRequest;

type Json = Record<string, { Value?: unknown[] } | undefined>;
const value = (o: Json | undefined, tag: string): unknown => o?.[tag]?.Value?.[0];
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A GET sent exactly as written (no URL normalisation), for path tricks. */
function rawGet(url: string, path: string, token: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: u.hostname, port: u.port, path, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('DICOMweb relay through the hub', () => {
  let w: RelayWorld;
  let grantee: { id: number; token: string };
  let slugA: string;
  const denied = async (): Promise<number> =>
    (
      await w.hub.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'dicomweb.relay')
        .where('outcome', '=', 'denied')
        .execute()
    ).length;

  before(async () => {
    w = await startRelayWorld();
    grantee = await w.newUser();
    await w.grant(grantee.id, w.entries.a.id);
    slugA = w.entries.a.slug;
  });
  after(async () => w.close());

  it('gives a grantee QIDO, metadata, series, instance and rendered answers of the dataset only', async () => {
    const studies = await w.get(grantee.token, slugA, '/studies', { accept: 'application/dicom+json' });
    assert.equal(studies.status, 200);
    const list = (await studies.json()) as Json[];
    assert.deepEqual(list.map((s) => value(s, '0020000D')).sort(), [...w.studies.a].sort());
    const study = w.studies.a[0] ?? '';
    assert.equal(
      value(
        list.find((s) => value(s, '0020000D') === study),
        '00081190',
      ),
      `${w.url}/dicomweb/datasets/${slugA}/studies/${study}`,
      'RetrieveURL points at the hub relay',
    );
    const series = (await (await w.get(grantee.token, slugA, `/studies/${study}/series`)).json()) as Json[];
    assert.equal(series.length, 2);
    const seriesUid = String(value(series[0], '0020000E'));
    const instances = (await (
      await w.get(grantee.token, slugA, `/studies/${study}/series/${seriesUid}/instances`)
    ).json()) as Json[];
    assert.equal(instances.length, 3);
    const sop = String(value(instances[0], '00080018'));

    const meta = (await (
      await w.get(grantee.token, slugA, `/studies/${study}/series/${seriesUid}/metadata`)
    ).json()) as Json[];
    assert.equal(meta.length, 3);

    const multipart = await w.get(grantee.token, slugA, `/studies/${study}/series/${seriesUid}`, {
      accept: 'multipart/related; type="application/dicom"',
    });
    assert.equal(multipart.status, 200);
    const boundary = /boundary=([^;]+)/.exec(multipart.headers.get('content-type') ?? '')?.[1];
    assert.ok(boundary);
    const body = Buffer.from(await multipart.arrayBuffer());
    assert.equal(body.toString('latin1').split(`--${boundary}\r\n`).length - 1, 3, 'three parts');

    const one = await w.get(grantee.token, slugA, `/studies/${study}/series/${seriesUid}/instances/${sop}`, {
      accept: 'application/dicom',
    });
    assert.equal(one.status, 200);
    const bytes = new Uint8Array(await one.arrayBuffer());
    assert.equal(Buffer.from(bytes.subarray(128, 132)).toString(), 'DICM');
    assert.equal(one.headers.get('x-cie-sha256'), sha256(bytes));
    assert.equal(one.headers.get('etag'), `"${sha256(bytes)}"`);
    assert.equal(Number(one.headers.get('content-length')), bytes.length);

    const png = await w.get(
      grantee.token,
      slugA,
      `/studies/${study}/series/${seriesUid}/instances/${sop}/rendered`,
      {
        accept: 'image/png',
      },
    );
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).subarray(1, 4)], [0x50, 0x4e, 0x47]);
  });

  it('serves byte ranges of an instance (resumable downloads)', async () => {
    const study = w.studies.a[0] ?? '';
    const series = (await (await w.get(grantee.token, slugA, `/studies/${study}/series`)).json()) as Json[];
    const seriesUid = String(value(series[0], '0020000E'));
    const inst = (await (
      await w.get(grantee.token, slugA, `/studies/${study}/series/${seriesUid}/instances`)
    ).json()) as Json[];
    const path = `/studies/${study}/series/${seriesUid}/instances/${String(value(inst[0], '00080018'))}`;
    const full = await w.get(grantee.token, slugA, path, { accept: 'application/dicom' });
    const all = Buffer.from(await full.arrayBuffer());
    const etag = full.headers.get('etag') ?? '';
    const part = await w.get(grantee.token, slugA, path, {
      accept: 'application/dicom',
      range: 'bytes=100-199',
    });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-199/${all.length}`);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), all.subarray(100, 200));
    const tail = await w.get(grantee.token, slugA, path, {
      accept: 'application/dicom',
      range: 'bytes=1000-',
      'if-range': etag,
    });
    assert.equal(tail.status, 206);
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), all.subarray(1000));
    const stale = await w.get(grantee.token, slugA, path, {
      accept: 'application/dicom',
      range: 'bytes=1000-',
      'if-range': '"other"',
    });
    assert.equal(stale.status, 200, 'a changed file is sent whole');
    await stale.arrayBuffer();
    const beyond = await w.get(grantee.token, slugA, path, {
      accept: 'application/dicom',
      range: `bytes=${all.length}-`,
    });
    assert.equal(beyond.status, 416);
    await beyond.arrayBuffer();
  });

  it('works with dicomweb-client and an API token', async () => {
    const client = new api.DICOMwebClient({
      url: `${w.url}/dicomweb/datasets/${slugA}`,
      headers: { Authorization: `Bearer ${grantee.token}` },
      singlepart: false,
    }) as unknown as Record<string, (o?: Record<string, unknown>) => Promise<unknown>>;
    const studies = (await client.searchForStudies?.()) as Json[];
    assert.equal(studies.length, 2);
    const study = String(value(studies[0], '0020000D'));
    const series = (await client.searchForSeries?.({ studyInstanceUID: study })) as Json[];
    const seriesUid = String(value(series[0], '0020000E'));
    const retrieved = (await client.retrieveSeries?.({
      studyInstanceUID: study,
      seriesInstanceUID: seriesUid,
    })) as ArrayBuffer[];
    assert.equal(retrieved.length, 3);
    assert.equal(
      Buffer.from(retrieved[0] ?? new ArrayBuffer(0))
        .subarray(128, 132)
        .toString(),
      'DICM',
    );
  });

  it('refuses and audits: anonymous, other users, other datasets, unknown datasets, path tricks', async () => {
    const study = w.studies.a[0] ?? '';
    assert.equal((await fetch(`${w.url}/dicomweb/datasets/${slugA}/studies`)).status, 401);
    const before = await denied();
    const stranger = await w.newUser();
    const r1 = await w.get(stranger.token, slugA, '/studies');
    assert.equal(r1.status, 403);
    assert.match(((await r1.json()) as { error: { message: string } }).error.message, /no grant in force/);
    assert.equal((await w.get(grantee.token, w.entries.b.slug, '/studies')).status, 403, 'other dataset');
    assert.equal((await w.get(grantee.token, 'nope.nothing', '/studies')).status, 404);
    // A study of dataset B asked under dataset A does not exist there.
    const other = await w.get(grantee.token, slugA, `/studies/${w.studies.b[0] ?? ''}/series`);
    assert.ok([204, 404].includes(other.status), `got ${other.status}`);
    for (const trick of [
      `/studies/${study}/..%2F..%2Fetc`,
      `/studies/..%2F${study}`,
      `/studies/${study}/series/1.2.3%2F4`,
      `/studies/1.2.abc/series`,
      `/studies/${study}/../../../api/v1/me`,
      `/studies/01.2/series`,
    ]) {
      assert.equal(await rawGet(w.url, `/dicomweb/datasets/${slugA}${trick}`, grantee.token), 400, trick);
    }
    assert.ok((await denied()) >= before + 9, 'every refusal is in the audit log');
  });

  it('refuses an expired grant, and a revoked one from the next request on', async () => {
    const late = await w.newUser();
    await w.grant(late.id, w.entries.a.id, {
      startsAt: new Date(Date.now() - 86_400_000 * 2),
      endsAt: new Date(Date.now() - 86_400_000),
    });
    assert.equal((await w.get(late.token, slugA, '/studies')).status, 403);
    const revoked = await w.newUser();
    const g = await w.grant(revoked.id, w.entries.a.id);
    assert.equal((await w.get(revoked.token, slugA, '/studies')).status, 200);
    await revokeGrant(w.hub.db, { id: g, by: revoked.id, reason: 'test', at: new Date() });
    assert.equal((await w.get(revoked.token, slugA, '/studies')).status, 403);
  });

  it('the node refuses forged, replayed, expired, misdirected and wrong-dataset assertions', async () => {
    const nodeId = w.identity.nodeId;
    const base: Omit<RelayPayloadInput, 'assertion'> = {
      dataset: 'relay-a',
      path: '/studies',
      query: '',
      baseUrl: `${w.url}/dicomweb/datasets/${slugA}`,
    };
    const send = (assertion: string, over: Partial<RelayPayloadInput> = {}) =>
      w.tunnel.tunnel.sendStreamTask(nodeId, RELAY_TASK, { ...base, assertion, ...over });
    const good = () =>
      signRelayAssertion(w.tunnel.hubKeys, { userId: grantee.id, nodeId, dataset: 'relay-a', grantId: 1 });
    const nodeDenied = async () =>
      (await w.node.db.selectFrom('audit_log').select('seq').where('outcome', '=', 'denied').execute())
        .length;
    const before = await nodeDenied();

    const once = await good();
    const ok = await send(once);
    assert.equal(ok.status, 200);
    ok.body.resume();
    await assert.rejects(send(once), { code: 'FORBIDDEN', message: /replayed/ });

    const { generateKeyPair } = await import('jose');
    const forgedKeys = await generateKeyPair('Ed25519');
    const forged = await signRelayAssertion(
      { ...w.tunnel.hubKeys, privateKey: forgedKeys.privateKey },
      { userId: grantee.id, nodeId, dataset: 'relay-a', grantId: 1 },
    );
    await assert.rejects(send(forged), { code: 'FORBIDDEN', message: /signature/ });

    const misdirected = await signRelayAssertion(w.tunnel.hubKeys, {
      userId: grantee.id,
      nodeId: nodeId + 100,
      dataset: 'relay-a',
      grantId: 1,
    });
    await assert.rejects(send(misdirected), { code: 'FORBIDDEN', message: /aud/ });

    const forB = await signRelayAssertion(w.tunnel.hubKeys, {
      userId: grantee.id,
      nodeId,
      dataset: 'relay-b',
      grantId: 1,
    });
    await assert.rejects(send(forB), { code: 'FORBIDDEN', message: /another dataset/ });

    const { SignJWT } = await import('jose');
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ dataset: 'relay-a', grant: 1 })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(w.tunnel.hubKeys.audience)
      .setAudience(`urn:cie:node:${nodeId}`)
      .setSubject(`user:${grantee.id}`)
      .setIssuedAt(now - 120)
      .setExpirationTime(now - 60)
      .setJti('expired-1')
      .sign(w.tunnel.hubKeys.privateKey);
    await assert.rejects(send(expired), { code: 'FORBIDDEN', message: /expired/ });
    const longLived = await new SignJWT({ dataset: 'relay-a', grant: 1 })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(w.tunnel.hubKeys.audience)
      .setAudience(`urn:cie:node:${nodeId}`)
      .setSubject(`user:${grantee.id}`)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .setJti('long-1')
      .sign(w.tunnel.hubKeys.privateKey);
    await assert.rejects(send(longLived), { code: 'FORBIDDEN', message: /more than 60 s/ });
    assert.equal(await nodeDenied(), before + 6, 'the node audits each refusal');
  });

  it('cancels the node work when the researcher disconnects mid-answer', async () => {
    const study = w.studies.a[0] ?? '';
    const controller = new AbortController();
    const res = await w.get(grantee.token, slugA, `/studies/${study}`, {});
    controller.abort();
    await res.body?.cancel();
    await waitFor('hub slot freed', () => w.tunnel.tunnel.liveStatus(w.identity.nodeId)?.inFlight === 0);
  });
});
