/**
 * Audit log throughput: sequential and concurrent appends, then a full verification, on PGlite
 * (in memory) and, when DATABASE_URL is set, on PostgreSQL. Also the cost of one password check.
 *
 *   node --import tsx bench/audit-chain.ts [records=2000]
 */
import { performance } from 'node:perf_hooks';
import { audit } from '../src/audit/audit.js';
import { verifyAuditChain } from '../src/audit/verify.js';
import { openDatabase } from '../src/db/database.js';
import type { HubDB } from '../src/db/schema.js';
import { hashPassword, verifyPassword } from '../src/hub/identity/password.js';

const n = Number(process.argv[2] ?? 2000);

async function run(label: string, url: string | undefined): Promise<void> {
  const schema = url ? `bench_audit_${process.pid}` : undefined;
  const d = await openDatabase<HubDB>({
    role: 'hub',
    name: 'hub',
    dataDir: '',
    databaseUrl: url,
    schema,
    memory: url ? undefined : {},
  });
  try {
    let t = performance.now();
    for (let i = 0; i < n; i++)
      await audit(d.db, { actor: `user:${i % 50}`, action: 'search.run', details: { i } });
    const seq = performance.now() - t;
    t = performance.now();
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        audit(d.db, { actor: 'node:1', action: 'dicomweb.retrieve', details: { i } }),
      ),
    );
    const conc = performance.now() - t;
    t = performance.now();
    const report = await verifyAuditChain(d.db);
    const ver = performance.now() - t;
    console.log(
      `${label}: ${n} sequential appends ${(n / (seq / 1000)).toFixed(0)}/s; ${n} concurrent ${(n / (conc / 1000)).toFixed(0)}/s; ` +
        `verify ${report.records} records in ${ver.toFixed(0)} ms (${report.ok ? 'ok' : 'BROKEN'})`,
    );
  } finally {
    if (schema) await d.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await d.close();
  }
}

const hash = await hashPassword('benchmark password');
const t = performance.now();
for (let i = 0; i < 10; i++) await verifyPassword(hash, 'benchmark password');
console.log(`argon2id password check: ${((performance.now() - t) / 10).toFixed(0)} ms`);
await run('pglite', undefined);
if (process.env.DATABASE_URL) await run('postgres', process.env.DATABASE_URL);
