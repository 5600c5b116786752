/**
 * De-identification and C-STORE receive benchmark. Prints side by side:
 *  1. de-identifying N instances (default 20,000: real pydicom files copied with new UIDs and
 *     patient IDs) with `cie deid` (in process) vs a plain file copy (the limit: `cp -r` of the
 *     corpus, one process, and a Node loop of copyFileSync, one thread; both copy in the kernel)
 *     vs pydicom (Debian) applying the same Table E.1-1 removals/empties/dummies in one Python
 *     process. Every timed phase starts after `sync` (no dirty pages left by the phase before, the
 *     same start for every tool) and its output is removed once timed;
 *  2. storescu → our C-STORE SCP vs storescu → Orthanc (temp config, free ports), same files.
 *
 * With --realistic the corpus is clinical-sized CT instead (512×512×16-bit, ~0.5 MB per
 * instance, the size of a real CT slice), made once from pydicom's CT_small with pydicom: per-file
 * costs then weigh what they weigh in a hospital archive rather than dominating 10–40 kB files.
 *
 * usage: npx tsx bench/deid.ts [--instances 20000] [--store 2000] [--rounds 3] [--realistic] [--skip-pydicom] [--skip-orthanc]
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DeidConfig } from '../src/dicom/deid/deid.config.js';
import { settingsFromConfig } from '../src/dicom/deid/deid-file.js';
import { deidentifyTree, listFiles } from '../src/dicom/deid/deid.service.js';
import { startScp } from '../src/node/pacs/pacs.scp.js';
import { createReceiver } from '../src/node/pacs/receiver.service.js';

const { values: args } = parseArgs({
  options: {
    instances: { type: 'string', default: '20000' },
    store: { type: 'string', default: '2000' },
    'skip-pydicom': { type: 'boolean', default: false },
    'skip-orthanc': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    realistic: { type: 'boolean', default: false },
  },
});
const N = Number(args.instances);
const STORE_N = Number(args.store);
const ROUNDS = Number(args.rounds);
const root = join(tmpdir(), 'cie-bench-deid');
const corpus = join(root, `corpus-${N}${args.realistic ? '-ct512' : ''}`);
const pydicomFiles = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const templates = args.realistic
  ? [clinicalCt()]
  : ['CT_small.dcm', 'MR_small.dcm', 'liver_1frame.dcm', 'MR_small_RLE.dcm', 'rtdose.dcm'].map((f) =>
      join(pydicomFiles, f),
    );

/** A 512×512 16-bit CT slice with CT_small's header (pixel values are noise: nobody decodes them). */
function clinicalCt(): string {
  const out = join(root, 'ct512.dcm');
  if (existsSync(out)) return out;
  mkdirSync(root, { recursive: true });
  execFileSync('/usr/bin/python3', [
    '-c',
    `import os, pydicom
ds = pydicom.dcmread(${JSON.stringify(join(pydicomFiles, 'CT_small.dcm'))})
ds.Rows = 512; ds.Columns = 512
ds.PixelData = os.urandom(512 * 512 * 2)
ds.save_as(${JSON.stringify(out)})`,
  ]);
  return out;
}

/** Replace every occurrence of `from` by a same-length string (UIDs, IDs), in place. */
function patch(buf: Buffer, from: string, to: string): void {
  const a = Buffer.from(from, 'latin1');
  const b = Buffer.from(to.slice(0, from.length).padEnd(from.length, '9'), 'latin1');
  for (let i = buf.indexOf(a); i >= 0; i = buf.indexOf(a, i + a.length)) b.copy(buf, i);
}

function uidsOf(file: string): { sop: string; study: string; series: string; pid: string } {
  const out = execFileSync('dcmdump', [
    '-q',
    '+P',
    '0008,0018',
    '+P',
    '0020,000d',
    '+P',
    '0020,000e',
    '+P',
    '0010,0020',
    file,
  ]).toString();
  const v = (tag: string) => new RegExp(`\\(${tag}\\) \\w\\w \\[([^\\]]*)\\]`).exec(out)?.[1] ?? '';
  return { sop: v('0008,0018'), study: v('0020,000d'), series: v('0020,000e'), pid: v('0010,0020') };
}

function buildCorpus(): void {
  if (existsSync(`${corpus}.done`)) return;
  rmSync(corpus, { recursive: true, force: true });
  const tpl = templates.map((f) => ({ data: readFileSync(f), ...uidsOf(f) }));
  for (let i = 0; i < N; i++) {
    const t = tpl[i % tpl.length];
    if (!t) continue;
    const buf = Buffer.from(t.data);
    const seriesNo = Math.floor(i / 100);
    const tag = `1${String(i).padStart(7, '0')}`; // no leading zero: valid UID components
    patch(buf, t.sop, `${t.sop.slice(0, Math.max(t.sop.length - 9, 4))}.${tag}`);
    patch(
      buf,
      t.series,
      `${t.series.slice(0, Math.max(t.series.length - 9, 4))}.1${String(seriesNo).padStart(7, '0')}`,
    );
    patch(
      buf,
      t.study,
      `${t.study.slice(0, Math.max(t.study.length - 9, 4))}.1${String(Math.floor(i / 500)).padStart(7, '0')}`,
    );
    if (t.pid) patch(buf, t.pid, `P${String(Math.floor(i / 500)).padStart(t.pid.length - 1, '0')}`);
    const p = join(corpus, `s${String(seriesNo).padStart(4, '0')}`, `${tag}.dcm`);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, buf);
  }
  writeFileSync(`${corpus}.done`, '');
}

function dirBytes(files: string[]): number {
  return files.reduce((n, f) => n + statSync(f).size, 0);
}

interface Row {
  name: string;
  seconds: number;
  files: number;
  bytes: number;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = process.hrtime.bigint();
  const r = fn();
  return [r, Number(process.hrtime.bigint() - t0) / 1e9];
}

function print(title: string, rows: Row[], ref: string): void {
  const base = rows.find((r) => r.name === ref);
  console.log(`\n${title}`);
  console.log(
    `${'tool'.padEnd(36)} ${'files'.padStart(7)} ${'seconds'.padStart(8)} ${'inst/s'.padStart(8)} ${'MB/s'.padStart(7)}  ratio to ${ref}`,
  );
  for (const r of rows) {
    const rate = r.files / r.seconds;
    const ratio = base ? rate / (base.files / base.seconds) : 1;
    console.log(
      `${r.name.padEnd(36)} ${String(r.files).padStart(7)} ${r.seconds.toFixed(2).padStart(8)} ${rate.toFixed(0).padStart(8)} ${(r.bytes / 1e6 / r.seconds).toFixed(1).padStart(7)}  ${(ratio * 100).toFixed(0)}%`,
    );
  }
}

const PYDICOM_DEID = `
import json, sys, os, pydicom
table = json.load(open(sys.argv[1]))
src, dst = sys.argv[2], sys.argv[3]
acts = {}
for e in table:
    t = e['tag']
    if 'X' in t.upper()[1:] or 'G' in t.upper(): continue
    g, el = t.strip('()').split(',')
    acts[int(g, 16) << 16 | int(el, 16)] = e['basicProfile']
def clean(ds):
    for elem in list(ds):
        a = acts.get(int(elem.tag))
        if elem.tag.is_private: del ds[elem.tag]; continue
        if elem.VR == 'SQ':
            if a in ('X', 'X/D', 'X/Z'): del ds[elem.tag]; continue
            for item in elem.value: clean(item)
            continue
        if a is None: continue
        if a == 'X': del ds[elem.tag]
        elif a in ('Z', 'X/Z'): elem.value = ''
        elif a in ('D', 'X/D', 'Z/D', 'X/Z/D'): elem.value = '19000101' if elem.VR == 'DA' else ('0' if elem.VR in ('DS','IS') else ('ANONYMOUS' if elem.VR in ('PN','LO','SH','LT','ST','UT','CS','AE') else elem.value))
        elif a in ('U', 'X/Z/U*') and elem.VR == 'UI': elem.value = pydicom.uid.generate_uid(entropy_srcs=[str(elem.value)])
n = 0
for dp, _, fs in os.walk(src):
    for f in fs:
        if not f.endswith('.dcm'): continue
        ds = pydicom.dcmread(os.path.join(dp, f))
        clean(ds)
        ds.PatientIdentityRemoved = 'YES'
        ds.save_as(os.path.join(dst, '%d.dcm' % n)); n += 1
print(n)
`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const p = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(p));
    });
  });
}

async function waitPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = spawnSync('echoscu', ['-aet', 'BENCH', '-aec', 'ORTHANC', '127.0.0.1', String(port)], {
      env: { ...process.env, TCP_NODELAY: '1' },
    });
    if (r.status === 0) return;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`port ${port} never answered`);
}

function storescu(port: number, aec: string, dir: string): number {
  const [, s] = time(() =>
    execFileSync(
      'storescu',
      ['-aet', 'BENCH', '-aec', aec, '+sd', '+r', '-R', '127.0.0.1', String(port), dir],
      {
        env: { ...process.env, TCP_NODELAY: '1' },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    ),
  );
  return s;
}

/** The reference row of the de-identification table: what a user's own copy of the tree costs. */
const COPY = 'plain file copy (cp -r)';

const benchDeid: DeidConfig = {
  secret: 'bench-secret-0123456789',
  sitePrefix: 'BENCH',
  options: [
    'retainLongitudinalModifiedDates',
    'retainPatientCharacteristics',
    'cleanDescriptors',
    'retainSafePrivate',
  ],
  quarantineBurnedIn: false,
  keepPseudonymKey: false,
};

async function main(): Promise<void> {
  mkdirSync(root, { recursive: true });
  console.log(`corpus: ${N} instances in ${corpus}`);
  const [, built] = time(buildCorpus);
  const files = listFiles(corpus).filter((f) => f.endsWith('.dcm'));
  const bytes = dirBytes(files);
  console.log(`  ${files.length} files, ${(bytes / 1e6).toFixed(0)} MB (built in ${built.toFixed(1)} s)`);

  // The machine is shared: copies and cie deid run alternately, ROUNDS times each, best time kept.
  const rows: Row[] = [];
  const out = join(root, 'out');
  const timed = async (run: () => unknown): Promise<number> => {
    rmSync(out, { recursive: true, force: true });
    execFileSync('sync');
    const t0 = process.hrtime.bigint();
    await run();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    rmSync(out, { recursive: true, force: true });
    return s;
  };
  let cpS = Infinity;
  let copyS = Infinity;
  const deidS: number[] = [];
  const deidThreads = [0, availableParallelism()];
  let failed = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const cp = await timed(() => execFileSync('cp', ['-r', corpus, out]));
    cpS = Math.min(cpS, cp);
    const c = await timed(() => {
      for (const f of files) {
        const d = join(out, f.slice(corpus.length));
        try {
          copyFileSync(f, d);
        } catch {
          mkdirSync(dirname(d), { recursive: true });
          copyFileSync(f, d);
        }
      }
    });
    copyS = Math.min(copyS, c);
    console.log(`  round ${round + 1}: cp -r ${cp.toFixed(2)} s, copyFileSync ${c.toFixed(2)} s`);
    for (const [i, workers] of deidThreads.entries()) {
      const d = await timed(async () => {
        const report = await deidentifyTree({ input: corpus, output: out, config: benchDeid, workers });
        failed = report.failed.length;
        if (failed) console.log(`  cie deid failures: ${JSON.stringify(report.failuresByReason)}`);
      });
      deidS[i] = Math.min(deidS[i] ?? Infinity, d);
      console.log(`  round ${round + 1}: cie deid (+${workers} workers) ${d.toFixed(2)} s`);
    }
  }
  rows.push({ name: COPY, seconds: cpS, files: files.length, bytes });
  rows.push({ name: 'plain file copy (Node copyFileSync)', seconds: copyS, files: files.length, bytes });
  for (const [i, workers] of deidThreads.entries()) {
    rows.push({
      name: workers ? `cie deid (main + ${workers} worker threads)` : 'cie deid (main thread only)',
      seconds: deidS[i] ?? Infinity,
      files: files.length - failed,
      bytes,
    });
  }

  if (!args['skip-pydicom']) {
    const script = join(root, 'pydicom_deid.py');
    writeFileSync(script, PYDICOM_DEID);
    const table = new URL('../src/dicom/deid/table-e1-1.json', import.meta.url).pathname;
    const pyS = await timed(() => {
      mkdirSync(out, { recursive: true });
      execFileSync('/usr/bin/python3', [script, table, corpus, out], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    });
    rows.push({ name: 'pydicom 2.3 (Debian), same table', seconds: pyS, files: files.length, bytes });
  }
  print(`De-identification of ${files.length} instances`, rows, COPY);

  // C-STORE receive
  const storeDir = join(root, `store-input-${STORE_N}`);
  if (!existsSync(`${storeDir}.done`)) {
    rmSync(storeDir, { recursive: true, force: true });
    // storescu proposes only uncompressed syntaxes by default: leave the RLE copies out.
    const rleFree = files.filter((f) => Number(/(\d{7})\.dcm$/.exec(f)?.[1] ?? 0) % templates.length !== 3);
    for (const f of rleFree.slice(0, STORE_N)) {
      const d = join(storeDir, f.slice(corpus.length));
      mkdirSync(dirname(d), { recursive: true });
      copyFileSync(f, d);
    }
    writeFileSync(`${storeDir}.done`, '');
  }
  const storeFiles = listFiles(storeDir).filter((f) => f.endsWith('.dcm'));
  const storeBytes = dirBytes(storeFiles);
  const storeRows: Row[] = [];

  for (const deid of [false, true]) {
    const dataDir = join(root, `scp-${deid}`);
    rmSync(dataDir, { recursive: true, force: true });
    const receiver = createReceiver({
      storeDir: join(dataDir, 'store'),
      deid: deid ? settingsFromConfig(benchDeid) : undefined,
      quarantineBurnedIn: false,
      stableSeconds: 3600,
      onStudyComplete: () => undefined,
    });
    const scp = await startScp({
      port: 0,
      host: '127.0.0.1',
      aeTitle: 'CIE',
      allowedCallingAeTitles: ['BENCH'],
      allowedHosts: [],
      receiver,
    });
    // storescu runs as a child; our SCP runs in this process, so the event loop must stay free.
    const s = await new Promise<number>((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const p = spawn(
        'storescu',
        ['-aet', 'BENCH', '-aec', 'CIE', '+sd', '+r', '-R', '127.0.0.1', String(scp.port), storeDir],
        {
          env: { ...process.env, TCP_NODELAY: '1' },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      p.on('exit', (code) =>
        code === 0
          ? resolve(Number(process.hrtime.bigint() - t0) / 1e9)
          : reject(new Error(`storescu ${code}`)),
      );
    });
    await scp.close();
    storeRows.push({
      name: `storescu → cie SCP${deid ? ' + deid' : ''}`,
      seconds: s,
      files: receiver.stats().received,
      bytes: storeBytes,
    });
  }

  if (!args['skip-orthanc']) {
    const dir = join(root, 'orthanc');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const [dicomPort, httpPort] = [await freePort(), await freePort()];
    const cfg = join(dir, 'orthanc.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        Name: 'cie-bench',
        StorageDirectory: join(dir, 'storage'),
        IndexDirectory: join(dir, 'index'),
        DicomAet: 'ORTHANC',
        DicomPort: dicomPort,
        HttpPort: httpPort,
        RemoteAccessAllowed: false,
        AuthenticationEnabled: false,
        DicomCheckCalledAet: false,
        DicomAlwaysAllowStore: true,
        DicomAlwaysAllowEcho: true,
        Plugins: [],
      }),
    );
    const orthanc = spawn('/usr/sbin/Orthanc', [cfg], {
      env: { ...process.env, TCP_NODELAY: '1' },
      stdio: 'ignore',
    });
    try {
      await waitPort(dicomPort);
      const s = storescu(dicomPort, 'ORTHANC', storeDir);
      storeRows.push({ name: 'storescu → Orthanc', seconds: s, files: storeFiles.length, bytes: storeBytes });
    } finally {
      if (orthanc.pid) process.kill(orthanc.pid, 'SIGTERM');
    }
  }
  print(`C-STORE receive of ${storeFiles.length} instances (TCP_NODELAY=1)`, storeRows, 'storescu → Orthanc');
}

await main();
