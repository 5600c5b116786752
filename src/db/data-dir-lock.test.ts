/**
 * One process per embedded data dir: `cie pacs` next to a running `cie node dicomweb` on the same
 * --data-dir is refused with the holder's pid and what to run instead; a lock left by a killed
 * process is taken over; a clean stop leaves no lock behind.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from './database.js';
import type { NodeDB } from './schema.js';

const cie = join(import.meta.dirname, '..', '..', 'bin', 'cie.mjs');

interface Run {
  child: ChildProcess;
  stderr: () => string;
  exit: Promise<number | null>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, [cie, '--log-level', 'warn', ...args], {
    env: { ...process.env, DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stderr: () => stderr, exit };
}

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the lock on an embedded data dir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cie-lock-'));
  const lockFile = join(dir, 'node', 'cie.lock');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second process with the holder pid and what to run, then takes over a dead holder', async () => {
    const first = run(['--data-dir', dir, 'node', 'dicomweb', '--port', '0']);
    after(() => first.child.kill('SIGKILL'));
    await until('the DICOMweb server', () => first.stderr().includes('DICOMweb at'));
    const pid = first.child.pid ?? 0;

    const second = run(['--data-dir', dir, 'pacs', '--port', '0']);
    assert.equal(await second.exit, 1, 'the second process stops with an error');
    assert.match(second.stderr(), new RegExp(`in use by process ${pid} \\(cie node dicomweb`));
    assert.match(second.stderr(), /cie node run --pacs --dicomweb/);
    assert.match(second.stderr(), /DATABASE_URL/);
    assert.ok(first.child.exitCode === null, 'the holder keeps running');

    first.child.kill('SIGKILL');
    await first.exit;
    assert.ok(existsSync(lockFile), 'a killed process leaves its lock');

    const third = run(['--data-dir', dir, 'node', 'dicomweb', '--port', '0']);
    await until('the DICOMweb server after the stale lock', () => third.stderr().includes('DICOMweb at'));
    third.child.kill('SIGTERM');
    assert.equal(await third.exit, 0);
    assert.ok(!existsSync(lockFile), 'a clean stop removes the lock');
  });

  it('refuses a second open in the same process, and opens again after close', async () => {
    const opts = { role: 'node' as const, name: 'again', dataDir: dir };
    const d = await openDatabase<NodeDB>(opts);
    await assert.rejects(openDatabase<NodeDB>(opts), {
      code: 'CONFLICT',
      message: new RegExp(`in use by process ${process.pid}`),
    });
    await d.close();
    const again = await openDatabase<NodeDB>(opts);
    await again.close();
  });
});
