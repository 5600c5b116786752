import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import type { HubDB } from '../src/db/schema.js';

const cie = join(import.meta.dirname, '..', 'bin', 'cie.mjs');
const dataDir = mkdtempSync(join(tmpdir(), 'cie-hub-cli-'));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cie, '--data-dir', dataDir, '--log-level', 'warn', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cie hub, cie users, cie audit (real processes)', () => {
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes the first admin, serves the API, stops on SIGTERM, and verifies then catches tampering', async () => {
    const added = run(
      ['--json', 'users', 'add', '--email', 'Admin@Hub.example', '--name', 'Admin', '--role', 'admin'],
      'first admin password\n',
    );
    assert.equal(added.code, 0, added.stderr);
    assert.deepEqual(JSON.parse(added.stdout), { id: 1, email: 'admin@hub.example', roles: ['admin'] });

    const hub = spawn(
      process.execPath,
      [cie, '--data-dir', dataDir, '--log-level', 'warn', 'hub', '--port', '0'],
      {
        env: { ...process.env, DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => hub.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        hub.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /hub listening on (http:\/\/\S+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        void exited.then((code) => reject(new Error(`hub exited with ${code}`)));
      });
      const wrong = await fetch(`${url}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@hub.example', password: 'not the password' }),
      });
      assert.equal(wrong.status, 401);
      const ok = await fetch(`${url}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@hub.example', password: 'first admin password' }),
      });
      assert.equal(ok.status, 200);
      const { user } = (await ok.json()) as { user: { roles: string[] } };
      assert.deepEqual(user.roles, ['admin', 'researcher']);
    } finally {
      hub.kill('SIGTERM');
    }
    assert.equal(await exited, 0, 'the hub stops cleanly on SIGTERM');

    const verified = run(['--json', 'audit', 'verify', '--role', 'hub']);
    assert.equal(verified.code, 0, verified.stderr);
    const report = JSON.parse(verified.stdout) as { ok: boolean; records: number };
    assert.equal(report.ok, true);
    assert.ok(report.records >= 3);

    const d = await openDatabase<HubDB>({ role: 'hub', name: 'hub', dataDir });
    const failures = await d.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('outcome', '=', 'failure')
      .execute();
    assert.deepEqual(failures, [{ actor: 'admin@hub.example', action: 'auth.sign-in' }]);
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(d.db);
    await sql`update audit_log set actor = 'someone else' where seq = 2`.execute(d.db);
    await d.close();

    const tampered = run(['audit', 'verify']);
    assert.equal(tampered.code, 1);
    assert.match(tampered.stdout, /TAMPERED/);
    assert.match(tampered.stdout, /seq 2: edited/);
  });
});
