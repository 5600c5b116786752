/**
 * A throw-away Orthanc with the DICOMweb plugin for comparison tests and the benchmark: our own
 * JSON config in a temp dir, free loopback ports, remote access off, stopped by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const orthancBinary = '/usr/sbin/Orthanc';
export const dicomwebPluginPath = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
/** Debian's orthanc-gdcm: decodes JPEG 2000 (DCMTK, Orthanc's own decoder, does not). */
export const gdcmPluginPath = '/usr/share/orthanc/plugins/libOrthancGdcm.so';

export interface OrthancOptions {
  /** DICOMweb servers Orthanc may push to / pull from (`DicomWeb.Servers`): name → root URL. */
  servers?: Record<string, string>;
  /** Load the GDCM plugin (JPEG 2000 decoding and transcoding). */
  gdcm?: boolean;
  /** Further configuration merged over ours (e.g. a DICOM server and modalities for DIMSE). */
  config?: Record<string, unknown>;
}

export interface OrthancPeer {
  url: string;
  /** DICOMweb root, e.g. http://127.0.0.1:PORT/dicom-web */
  dicomweb: string;
  /** Store a file over REST; its Orthanc ids. */
  upload(file: string): Promise<{ instance: string; study: string }>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startOrthanc(opts: OrthancOptions = {}): Promise<OrthancPeer> {
  const dir = await mkdtemp(join(tmpdir(), 'cie-orthanc-'));
  const httpPort = await freePort();
  const config = {
    Name: 'cie-compare',
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'index'),
    HttpPort: httpPort,
    DicomServerEnabled: false,
    DicomPort: await freePort(),
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    HttpServerEnabled: true,
    Plugins: opts.gdcm ? [dicomwebPluginPath, gdcmPluginPath] : [dicomwebPluginPath],
    DicomWeb: {
      Enable: true,
      Root: '/dicom-web/',
      EnableWado: false,
      Servers: Object.fromEntries(Object.entries(opts.servers ?? {}).map(([k, v]) => [k, [v]])),
    },
    StorageCompression: false,
    ConcurrentJobs: 1,
    ...opts.config,
  };
  await writeFile(join(dir, 'orthanc.json'), JSON.stringify(config));
  const child: ChildProcess = spawn(orthancBinary, [join(dir, 'orthanc.json')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${httpPort}`;
  let up = false;
  for (let i = 0; i < 100 && !up; i++) {
    await sleep(100);
    up = await fetch(`${url}/system`)
      .then((r) => r.ok)
      .catch(() => false);
  }
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
    }
    await rm(dir, { recursive: true, force: true });
  };
  if (!up) {
    await stop();
    throw new Error('Orthanc did not start within 10 s');
  }
  return {
    url,
    dicomweb: `${url}/dicom-web`,
    async upload(file) {
      const r = await fetch(`${url}/instances`, { method: 'POST', body: await readFile(file) });
      if (!r.ok) throw new Error(`Orthanc refused ${file}: ${r.status} ${await r.text()}`);
      const body = (await r.json()) as { ID: string; ParentStudy: string };
      return { instance: body.ID, study: body.ParentStudy };
    },
    stop,
  };
}
