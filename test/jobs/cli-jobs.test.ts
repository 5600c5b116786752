/**
 * `cie jobs run|status|results` as a real process against a real hub and node: it waits for the
 * job, prints one JSON document (id, status, sites with outputs, pooled), and exits 0 when every
 * site released, 2 when one held its outputs.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../support/dicom.js';
import { startJobsWorld, type JobsWorld } from './jobs-world.js';

const cie = join(import.meta.dirname, '..', '..', 'bin', 'cie.mjs');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cie, '--log-level', 'warn', '--json', 'jobs', ...args], {
    env: { ...process.env, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

interface JobDoc {
  id: number;
  status: string;
  sites: { site: string; status: string; outputs: { name: string; content: string }[] }[];
  pooled: { metrics: Record<string, number> } | null;
}

describe('cie jobs (real process)', () => {
  let w: JobsWorld;
  let user: { id: number; token: string };
  before(async () => {
    w = await startJobsWorld();
    user = await w.newUser();
    await w.grant(user.id, w.entries.a.id);
    await w.grant(user.id, w.entries.b.id);
  });
  after(async () => {
    await w.close();
  });

  it('runs a tool, waits, prints the released and pooled results and exits 0', async () => {
    w.privacy.threshold = 1;
    try {
      const params = join(tempDir('cie-jobs-cli-'), 'params.json');
      writeFileSync(params, JSON.stringify({ gapFactor: 2 }));
      const r = await run([
        'run',
        'dataset-qc',
        '--datasets',
        `${w.entries.a.slug},${w.entries.b.slug}`,
        '--params',
        params,
        '--hub',
        w.url,
        '--token',
        user.token,
      ]);
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as JobDoc;
      assert.equal(doc.status, 'done');
      assert.equal(doc.sites[0]?.status, 'released');
      assert.equal(doc.pooled?.metrics.instances, 18);
      assert.match(r.stderr, /released/);

      const status = await run(['status', String(doc.id), '--hub', w.url, '--token', user.token]);
      assert.equal(status.code, 0, status.stderr);
      assert.equal((JSON.parse(status.stdout) as JobDoc).id, doc.id);
    } finally {
      w.privacy.threshold = 10;
    }
  });

  it('exits 2 when a site holds its outputs, and 1 with the reason when refused', async () => {
    const held = await run([
      'run',
      'dataset-qc',
      '--datasets',
      w.entries.a.slug,
      '--hub',
      w.url,
      '--token',
      user.token,
    ]);
    assert.equal(held.code, 2, held.stderr);
    assert.equal((JSON.parse(held.stdout) as JobDoc).sites[0]?.status, 'held');
    const other = await w.newUser();
    const refused = await run([
      'run',
      'dataset-qc',
      '--datasets',
      w.entries.a.slug,
      '--hub',
      w.url,
      '--token',
      other.token,
    ]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /FORBIDDEN: you hold no grant in force/);
  });
});
