/**
 * `cie download` as a real process against the relay: the granted dataset arrives complete and
 * verified; killed mid-way and run again, it skips what is complete, resumes a partial file with
 * a Range and ends with every file identical to the node's; without a grant it fails with 403.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startRelayWorld, type RelayWorld } from './support/relay-world.js';
import { waitFor } from './support/tunnel-hub.js';

const cie = join(import.meta.dirname, '..', 'bin', 'cie.mjs');

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.dcm'))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

function start(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, [cie, '--log-level', 'warn', '--json', 'download', ...args], {
    env: { ...process.env, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

describe('cie download through the hub relay (real process)', () => {
  let w: RelayWorld;
  let token: string;
  const out = mkdtempSync(join(tmpdir(), 'cie-download-'));
  /** sop → SHA-256 of the node's file. */
  const expected = new Map<string, string>();
  before(async () => {
    w = await startRelayWorld({ seriesPerStudy: 2, instancesPerSeries: 12 });
    const user = await w.newUser();
    token = user.token;
    await w.grant(user.id, w.entries.a.id);
    const rows = await w.node.db
      .selectFrom('instance as i')
      .innerJoin('series as se', 'se.id', 'i.series_id')
      .innerJoin('study as st', 'st.id', 'se.study_id')
      .select(['i.sop_instance_uid', 'i.checksum'])
      .where('st.study_uid', 'in', w.studies.a)
      .execute();
    for (const r of rows) expected.set(r.sop_instance_uid, r.checksum);
  });
  after(async () => {
    await w.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('downloads, survives a kill, resumes a partial file and ends identical to the node', async () => {
    const args = [w.entries.a.slug, out, '--hub', w.url, '--token', token];
    const first = start([...args, '--parallel', '1']);
    await waitFor('a few files', () => files(out).length >= 3, 60_000);
    first.child.kill('SIGKILL');
    await first.done;
    const afterKill = files(out);
    assert.ok(afterKill.length < expected.size, 'killed before the end');

    // A transfer cut mid-file: a complete file turned back into its first 1000 bytes as .part.
    const victim = afterKill[0] ?? '';
    writeFileSync(`${victim}.part`, readFileSync(victim).subarray(0, 1000));
    unlinkSync(victim);

    const second = start(args);
    const r = await second.done;
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as {
      instances: number;
      skipped: number;
      resumed: number;
      downloaded: number;
      failed: unknown[];
    };
    assert.equal(summary.instances, expected.size);
    assert.equal(summary.skipped, afterKill.length - 1);
    assert.equal(summary.resumed, 1);
    assert.equal(summary.downloaded + summary.resumed + summary.skipped, expected.size);
    assert.deepEqual(summary.failed, []);

    const got = files(out);
    assert.equal(got.length, expected.size);
    for (const f of got) {
      const sop =
        f
          .split('/')
          .pop()
          ?.replace(/\.dcm$/, '') ?? '';
      assert.equal(createHash('sha256').update(readFileSync(f)).digest('hex'), expected.get(sop), f);
    }
    assert.ok(!readdirSync(out, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('.part')));
  });

  it('fails with a clear 403 without a grant', async () => {
    const stranger = await w.newUser();
    const r = await start([w.entries.a.slug, join(out, 'x'), '--hub', w.url, '--token', stranger.token]).done;
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /403|no grant in force/);
  });
});
