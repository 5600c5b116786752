/**
 * The real `cie node` command as a child process: enrol and connect, `kill -9` mid-task (the hub
 * fails the task at once and shows the node offline), restart without --enrol, clean shutdown.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { issueToken, listNodesApi, startTestHub, waitFor, type TestHub } from '../support/tunnel-hub.js';

const cie = join(import.meta.dirname, '..', '..', 'bin', 'cie.mjs');

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function runCie(args: string[]): Run {
  const child = spawn(process.execPath, [cie, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

describe('cie node as a process', () => {
  let hub: TestHub;
  const dataDir = mkdtempSync(join(tmpdir(), 'cie-node-proc-'));
  before(async () => {
    hub = await startTestHub({ settings: { heartbeatMs: 200 } });
  });
  after(async () => {
    await hub.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const online = async () => (await listNodesApi(hub)).find((n) => n.name === 'child-node')?.online === true;

  it('enrols with `cie node --hub --enrol`, fails the running task at once on kill -9, comes back on restart', async () => {
    const token = await issueToken(hub);
    const first = runCie([
      '--data-dir',
      dataDir,
      '--log-level',
      'warn',
      'node',
      '--hub',
      hub.url,
      '--enrol',
      token,
      '--name',
      'child-node',
    ]);
    try {
      await waitFor('the node process to come online', online, 45_000);
      const [listed] = await listNodesApi(hub);
      assert.ok(listed);
      const pending = hub.tunnel.sendTask(
        listed.id,
        'tunnel.echo',
        { delayMs: 10_000 },
        { deadlineMs: 20_000 },
      );
      await waitFor('task in flight', () => hub.tunnel.liveStatus(listed.id)?.inFlight === 1);
      const t0 = Date.now();
      first.child.kill('SIGKILL');
      await assert.rejects(pending, { code: 'NODE_UNAVAILABLE' });
      assert.ok(Date.now() - t0 < 3000, 'the hub notices a killed node at once');
      await waitFor('node offline', async () => !(await online()));
    } finally {
      first.child.kill('SIGKILL');
      await first.exited;
    }

    const second = runCie(['--data-dir', dataDir, '--log-level', 'warn', '--json', 'node', 'run']);
    try {
      await waitFor('the restarted node to come online', online, 45_000);
      const [listed] = await listNodesApi(hub);
      assert.equal(await hub.tunnel.sendTask(listed?.id ?? 0, 'tunnel.echo', 'again'), 'again');
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0, second.stderr());
      const result = JSON.parse(second.stdout()) as { nodeId: number; stoppedBy: string };
      assert.equal(result.nodeId, listed?.id);
      assert.equal(result.stoppedBy, 'SIGTERM');
      await waitFor('node offline after a clean stop', async () => !(await online()), 2000);
    } finally {
      second.child.kill('SIGKILL');
    }
  });
});
