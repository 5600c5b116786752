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

export interface OrthancPeer {
  url: string;
  /** DICOMweb root, e.g. http://127.0.0.1:PORT/dicom-web */
  dicomweb: string;
  upload(file: string): Promise<void>;
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

export async function startOrthanc(): Promise<OrthancPeer> {
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
    Plugins: [dicomwebPluginPath],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false },
    StorageCompression: false,
    ConcurrentJobs: 1,
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
    },
    stop,
  };
}
