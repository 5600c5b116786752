/**
 * Query/retrieve at the SCP against dcmtk's SCUs: findscu (Patient and Study Root, every level,
 * each matching rule), getscu (sub-operations on the same association, byte-exact files), movescu
 * to a storescp configured as a destination (and to an unknown one), negotiation that names what
 * it refuses, and an A-ABORT that closes the connection at once.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import dimse from 'dcmjs-dimse';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import type { Database } from '../../db/database.js';
import type { NodeDB } from '../../db/schema.js';
import { TS } from '../../dicom/encoding.js';
import { createIndexingStore } from '../dicomweb/instance-store.js';
import { freePort } from '../dicomweb/testing/orthanc.js';
import { pydicomDir } from '../dicomweb/testing/fixtures.js';
import { startScp, type RunningScp } from './pacs.scp.js';
import { datasetOffset } from './qr.store.js';
import { createReceiver } from './receiver.service.js';

const run = promisify(execFile);
const env = { ...process.env, TCP_NODELAY: '1' };

async function dcmtk(cmd: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const r = await run(cmd, args, { env, timeout: 60_000 });
    return { ok: true, out: `${r.stdout}${r.stderr}` };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** CT_small and MR_small (explicit LE), a JPEG 2000 CT, and three OT instances of one study. */
const files = [
  'CT_small.dcm',
  'MR_small.dcm',
  'J2K_pixelrep_mismatch.dcm',
  'SC_rgb_small_odd.dcm',
  'SC_rgb_jpeg_dcmtk.dcm',
  'SC_rgb_dcmtk_+eb+cr.dcm',
];
const CT_STUDY = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';
const CT_SOP = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';

/** findscu's answers: one dataset per match, dumped as "(gggg,eeee) VR [value]" lines. */
function matches(out: string): Array<Map<string, string>> {
  const all: Array<Map<string, string>> = [];
  for (const block of out.split(/Find Response: \d+ \(Pending\)/).slice(1)) {
    const m = new Map<string, string>();
    const element = /\(([0-9a-f]{4}),([0-9a-f]{4})\) \w\w (?:\[([^\]]*)\]|\(no value available\))/g;
    for (const r of block.matchAll(element)) {
      // Values are shown with their padding (space, or NUL for UIDs, which may break the line).
      m.set(
        `${r[1]}${r[2]}`.toUpperCase(),
        (r[3] ?? '').replace(/\s+$/, '').replaceAll(String.fromCharCode(0), ''),
      );
    }
    all.push(m);
  }
  return all;
}

for (const backend of backends()) {
  describe(`query/retrieve SCP with dcmtk (${backend})`, () => {
    let db: Database<NodeDB>;
    let scp: RunningScp;
    let dir: string;
    let storescp: ReturnType<typeof spawn> | undefined;
    let destPort = 0;
    const port = (): string => String(scp.port);
    const find = (model: '-P' | '-S', keys: string[]): Promise<{ ok: boolean; out: string }> =>
      dcmtk('findscu', [
        '-v',
        model,
        '-aet',
        'VIEWER',
        '-aec',
        'CIE',
        ...keys.flatMap((k) => ['-k', k]),
        '127.0.0.1',
        port(),
      ]);

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cie-qr-'));
      db = await openTestNodeDb(backend);
      const receiver = createReceiver({ storeDir: join(dir, 'store') });
      const store = createIndexingStore(db.db, receiver);
      for (const f of files) await store.storeInstance(join(pydicomDir, f));
      destPort = await freePort();
      scp = await startScp({
        port: 0,
        host: '127.0.0.1',
        aeTitle: 'CIE',
        allowedCallingAeTitles: ['VIEWER'],
        allowedHosts: [],
        receiver,
        archive: {
          db: db.db,
          moveDestinations: { STORESCP: { host: '127.0.0.1', port: destPort } },
        },
      });
    });
    after(async () => {
      if (storescp?.pid) process.kill(storescp.pid, 'SIGTERM');
      await scp.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('C-FIND Study Root at STUDY level: single value, wildcard, range, UID list, universal', async () => {
      const all = await find('-S', [
        'QueryRetrieveLevel=STUDY',
        'StudyInstanceUID',
        'StudyDate',
        'PatientName',
      ]);
      assert.ok(all.ok, all.out);
      assert.equal(matches(all.out).length, 4, all.out);
      const range = await find('-S', [
        'QueryRetrieveLevel=STUDY',
        'StudyDate=20040101-20041231',
        'StudyInstanceUID',
        'NumberOfStudyRelatedInstances',
        'ModalitiesInStudy',
      ]);
      const inRange = matches(range.out);
      assert.equal(inRange.length, 2, range.out);
      const ct = inRange.find((m) => m.get('0020000D') === CT_STUDY);
      assert.equal(ct?.get('00201208'), '1');
      assert.equal(ct?.get('00080061'), 'CT');
      const wildcard = await find('-S', [
        'QueryRetrieveLevel=STUDY',
        'PatientName=Compressed*',
        'StudyInstanceUID',
      ]);
      assert.deepEqual(
        matches(wildcard.out)
          .map((m) => m.get('0020000D'))
          .sort(),
        [CT_STUDY, '1.3.6.1.4.1.5962.1.2.4.20040826185059.5457'].sort(),
      );
      const list = await find('-S', [
        'QueryRetrieveLevel=STUDY',
        `StudyInstanceUID=${CT_STUDY}\\1.2.3.4`,
        'AccessionNumber',
      ]);
      const listed = matches(list.out);
      assert.equal(listed.length, 1);
      assert.ok(listed[0]?.has('00080050'), 'a key asked for is returned even when empty');
      const none = await find('-S', ['QueryRetrieveLevel=STUDY', 'StudyDate=19000101']);
      assert.ok(none.ok);
      assert.equal(matches(none.out).length, 0);
    });

    it('C-FIND Patient Root at PATIENT, SERIES and IMAGE level', async () => {
      const patients = await find('-P', [
        'QueryRetrieveLevel=PATIENT',
        'PatientID',
        'PatientName',
        'NumberOfPatientRelatedStudies',
        'NumberOfPatientRelatedInstances',
      ]);
      assert.ok(patients.ok, patients.out);
      const p = matches(patients.out);
      assert.ok(p.length >= 3 && p.length <= 5, patients.out);
      const total = p.reduce((n, m) => n + Number(m.get('00201204') ?? 0), 0);
      assert.equal(total, files.length, 'every instance counted once across patients');
      const series = await find('-P', [
        'QueryRetrieveLevel=SERIES',
        `StudyInstanceUID=${CT_STUDY}`,
        'SeriesInstanceUID',
        'Modality=CT',
        'NumberOfSeriesRelatedInstances',
      ]);
      const s = matches(series.out);
      assert.equal(s.length, 1, series.out);
      assert.equal(s[0]?.get('00201209'), '1');
      const images = await find('-P', [
        'QueryRetrieveLevel=IMAGE',
        `StudyInstanceUID=${CT_STUDY}`,
        'SOPInstanceUID',
        'SOPClassUID',
      ]);
      assert.deepEqual(
        matches(images.out).map((m) => m.get('00080018')),
        [CT_SOP],
      );
    });

    it('refuses a Study Root PATIENT query and a missing level with the DIMSE failure status', async () => {
      const r = await find('-S', ['QueryRetrieveLevel=PATIENT', 'PatientID']);
      assert.match(r.out, /Final Find Response \(Error: DataSetDoesNotMatchSOPClass\)/);
      const bad = await find('-S', ['QueryRetrieveLevel=STUDY', 'StudyDate=2004-01-01']);
      assert.match(bad.out, /Final Find Response \(Failed: UnableToProcess\)/);
    });

    it('C-GET sends a study on the same association, byte for byte as stored', async () => {
      const out = await mkdtemp(join(dir, 'get-'));
      const r = await dcmtk('getscu', [
        '-S',
        '-aet',
        'VIEWER',
        '-aec',
        'CIE',
        '-k',
        'QueryRetrieveLevel=STUDY',
        '-k',
        `StudyInstanceUID=${CT_STUDY}`,
        '+B',
        '-od',
        out,
        '127.0.0.1',
        port(),
      ]);
      assert.ok(r.ok, r.out);
      const got = await readdir(out);
      assert.equal(got.length, 1, r.out);
      const mine = await readFile(join(out, got[0] ?? ''));
      const orig = await readFile(join(pydicomDir, 'CT_small.dcm'));
      assert.ok(
        mine.subarray(datasetOffset(mine)).equals(orig.subarray(datasetOffset(orig))),
        'dataset bytes as stored',
      );
    });

    it('C-GET decodes JPEG 2000 to Explicit VR Little Endian when the SCU takes only native syntaxes', async () => {
      const out = await mkdtemp(join(dir, 'get-'));
      const r = await dcmtk('getscu', [
        '-P',
        '-aet',
        'VIEWER',
        '-aec',
        'CIE',
        '-k',
        'QueryRetrieveLevel=PATIENT',
        '-k',
        'PatientID=JXD191021006',
        '-od',
        out,
        '127.0.0.1',
        port(),
      ]);
      assert.ok(r.ok, r.out);
      const got = await readdir(out);
      assert.equal(got.length, 1, r.out);
      const file = await readFile(join(out, got[0] ?? ''));
      assert.ok(file.includes(Buffer.from('1.2.840.10008.1.2.1\0')), 'stored as Explicit VR Little Endian');
      assert.ok(file.length > 512 * 512 * 2, 'with its pixels decoded');
    });

    it('C-MOVE to a configured storescp, and 0xA801 for an unknown destination', async () => {
      const out = await mkdtemp(join(dir, 'move-'));
      storescp = spawn('storescp', ['-aet', 'STORESCP', '+xa', '-od', out, String(destPort)], {
        env,
        stdio: 'ignore',
      });
      await new Promise((r) => setTimeout(r, 300));
      const r = await dcmtk('movescu', [
        '-S',
        '-aet',
        'VIEWER',
        '-aec',
        'CIE',
        '-aem',
        'STORESCP',
        '-k',
        'QueryRetrieveLevel=STUDY',
        '-k',
        `StudyInstanceUID=${CT_STUDY}`,
        '127.0.0.1',
        port(),
      ]);
      assert.ok(r.ok, r.out);
      assert.equal((await readdir(out)).length, 1, r.out);
      const unknown = await dcmtk('movescu', [
        '-S',
        '-aet',
        'VIEWER',
        '-aec',
        'CIE',
        '-aem',
        'NOWHERE',
        '-k',
        'QueryRetrieveLevel=STUDY',
        '-k',
        `StudyInstanceUID=${CT_STUDY}`,
        '127.0.0.1',
        port(),
      ]);
      assert.match(unknown.out, /Refused: MoveDestinationUnknown/);
    });

    it('rejects an unknown SOP class (reason 3) and an unknown transfer syntax (reason 4)', async () => {
      const client = new dimse.Client();
      client.addRequest(new dimse.requests.CEchoRequest());
      const ctx = (sop: string, ts: string): InstanceType<typeof dimse.association.PresentationContext> =>
        new dimse.association.PresentationContext(0, sop, ts);
      const ct = dimse.constants.StorageClass.CtImageStorage;
      client.addAdditionalPresentationContext(ctx('1.2.3.4.5.6.7.8', TS.explicitLE), true);
      client.addAdditionalPresentationContext(ctx(ct, '1.2.3.4.5.6.7.8'), true);
      client.addAdditionalPresentationContext(ctx(ct, '1.2.840.10008.1.2.4.90'), true);
      client.addAdditionalPresentationContext(
        ctx('1.2.840.10008.5.1.4.1.2.2.1', '1.2.840.10008.1.2.4.50'),
        true,
      );
      const results = await new Promise<Array<[string, string[], number]>>((resolve, reject) => {
        client.on('associationAccepted', (a: InstanceType<typeof dimse.association.Association>) =>
          resolve(
            a.getPresentationContexts().map((c) => {
              const p = a.getPresentationContext(c.id);
              return [p.getAbstractSyntaxUid(), p.getTransferSyntaxUids(), p.getResult()];
            }),
          ),
        );
        client.on('networkError', reject);
        client.send('127.0.0.1', scp.port, 'VIEWER', 'CIE');
      });
      const resultOf = (sop: string, ts: string): number | undefined =>
        results.find(([s, t]) => s === sop && t.includes(ts))?.[2];
      assert.equal(resultOf('1.2.3.4.5.6.7.8', TS.explicitLE), 3, 'abstract syntax not supported');
      assert.equal(resultOf(ct, '1.2.3.4.5.6.7.8'), 4, 'transfer syntaxes not supported');
      assert.equal(resultOf(ct, '1.2.840.10008.1.2.4.90'), 0, 'JPEG 2000 storage accepted');
      assert.equal(
        resultOf('1.2.840.10008.5.1.4.1.2.2.1', '1.2.840.10008.1.2.4.50'),
        4,
        'queries in native syntaxes only',
      );
    });

    it('closes the connection at once when the peer aborts', async () => {
      const socket = connect(scp.port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      const closed = new Promise<number>((r) => {
        const t0 = Date.now();
        socket.once('close', () => r(Date.now() - t0));
      });
      // A-ABORT PDU: type 7, length 4, source 0 (service user), reason 0.
      socket.write(Buffer.from([7, 0, 0, 0, 0, 4, 0, 0, 0, 0]));
      assert.ok((await closed) < 2000);
    });
  });
}
