/**
 * The C-STORE SCP against real dcmtk peers: echoscu, storescu of a folder (stored as sent, or
 * de-identified), an AE that is not allowed, and study completion after the stable time.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { deidCorpus, PYDICOM_FILES, pydicomDump, tempDir } from '../../../test/support/dicom.js';
import { settingsFromConfig } from '../../dicom/deid/deid-file.js';
import { listFiles } from '../../dicom/deid/deid.service.js';
import { pseudonymPattern } from '../../dicom/deid/remap.js';
import { startScp, type RunningScp } from './pacs.scp.js';
import { type CompletedStudy, createReceiver } from './receiver.service.js';

const run = promisify(execFile);
const env = { ...process.env, TCP_NODELAY: '1' };

async function dcmtk(cmd: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const r = await run(cmd, args, { env });
    return { ok: true, out: `${r.stdout}${r.stderr}` };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function inputFolder(): string {
  const dir = tempDir();
  const corpus = deidCorpus();
  for (const f of [
    'all_attributes.dcm',
    'study1.dcm',
    'study2.dcm',
    'study3.dcm',
    'seg.dcm',
    'no_patient_id.dcm',
  ]) {
    copyFileSync(join(corpus, f), join(dir, f));
  }
  for (const f of ['CT_small.dcm', 'MR_small.dcm', 'rtstruct.dcm'])
    copyFileSync(join(PYDICOM_FILES, f), join(dir, f));
  return dir;
}

async function start(
  deid: boolean,
): Promise<{ scp: RunningScp; dataDir: string; studies: CompletedStudy[] }> {
  const dataDir = tempDir();
  mkdirSync(dataDir, { recursive: true });
  const studies: CompletedStudy[] = [];
  const receiver = createReceiver({
    storeDir: join(dataDir, 'store'),
    deid: deid
      ? settingsFromConfig({
          secret: 'pacs-test-secret-0001',
          sitePrefix: 'PACS',
          options: [
            'retainLongitudinalModifiedDates',
            'retainPatientCharacteristics',
            'cleanDescriptors',
            'retainSafePrivate',
          ],
          quarantineBurnedIn: true,
          keepPseudonymKey: false,
        })
      : undefined,
    quarantineBurnedIn: true,
    stableSeconds: 0.5,
    onStudyComplete: (s) => {
      studies.push(s);
    },
  });
  const scp = await startScp({
    port: 0,
    host: '127.0.0.1',
    aeTitle: 'CIE',
    allowedCallingAeTitles: ['MODALITY'],
    allowedHosts: [],
    receiver,
  });
  return { scp, dataDir, studies };
}

describe('C-STORE SCP with dcmtk peers', () => {
  const running: RunningScp[] = [];
  after(async () => {
    for (const s of running) await s.close();
  });

  it('answers C-ECHO from an allowed AE and rejects an AE not on the allow-list', async () => {
    const { scp } = await start(false);
    running.push(scp);
    const ok = await dcmtk('echoscu', ['-aet', 'MODALITY', '-aec', 'CIE', '127.0.0.1', String(scp.port)]);
    assert.ok(ok.ok, ok.out);
    const bad = await dcmtk('echoscu', ['-aet', 'INTRUDER', '-aec', 'CIE', '127.0.0.1', String(scp.port)]);
    assert.equal(bad.ok, false);
    assert.match(bad.out, /Calling AE Title Not Recognized/i);
    const wrongCalled = await dcmtk('echoscu', [
      '-aet',
      'MODALITY',
      '-aec',
      'OTHER',
      '127.0.0.1',
      String(scp.port),
    ]);
    assert.equal(wrongCalled.ok, false);
    assert.match(wrongCalled.out, /Called AE Title Not Recognized/i);
  });

  it('stores a folder sent by storescu exactly as sent and announces complete studies', async () => {
    const { scp, dataDir, studies } = await start(false);
    running.push(scp);
    const input = inputFolder();
    const r = await dcmtk('storescu', [
      '-R',
      '-aet',
      'MODALITY',
      '-aec',
      'CIE',
      '+sd',
      '127.0.0.1',
      String(scp.port),
      input,
    ]);
    assert.ok(r.ok, r.out);
    const stored = listFiles(join(dataDir, 'store'));
    assert.equal(stored.length, 9);
    const sent = pydicomDump(listFiles(input));
    const got = pydicomDump(stored);
    for (const s of Object.values(sent)) {
      const sop = s.top['00080018']?.value;
      const match = Object.values(got).find((g) => g.top['00080018']?.value === sop);
      assert.ok(match, `instance ${sop} stored`);
      // storescu does not send trailing dataset padding (FFFC,FFFC)
      const { FFFCFFFC: _sentPadding, ...expected } = s.top;
      assert.deepEqual(match.top, expected, 'same elements and values');
    }
    await new Promise((res) => setTimeout(res, 1500));
    const received = studies.flatMap((s) => s.files).sort();
    assert.deepEqual(received, [...stored].sort(), 'every stored file handed over once its study was stable');
  });

  it('de-identifies on receipt when configured', async () => {
    const { scp, dataDir } = await start(true);
    running.push(scp);
    const input = inputFolder();
    const r = await dcmtk('storescu', [
      '-R',
      '-aet',
      'MODALITY',
      '-aec',
      'CIE',
      '+sd',
      '127.0.0.1',
      String(scp.port),
      input,
    ]);
    assert.ok(r.ok, r.out);
    const stored = listFiles(join(dataDir, 'store'));
    assert.equal(stored.length, 9);
    for (const d of Object.values(pydicomDump(stored))) {
      assert.match(d.top['00100010']?.value ?? '', pseudonymPattern);
      assert.equal(d.top['00120062']?.value, 'YES');
      assert.match(d.top['00080018']?.value ?? '2.25.', /^2\.25\./);
    }
    assert.ok(!readFileSync(stored[0] ?? '').includes('Johnathan'));
  });
});
