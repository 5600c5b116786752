/**
 * Throughput of the demo corpus generator: `node --import tsx bench/demo-data.ts [instances]`.
 * Prints wall-clock and CPU rates (CPU time is the fairer figure on a shared machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoData } from '../src/node/demo-data/demo-data.service.js';

const instances = Number(process.argv[2] ?? 20000);
const root = mkdtempSync(join(tmpdir(), 'cie-bench-demo-'));
try {
  const cpu0 = process.cpuUsage();
  const s = await generateDemoData({ dir: join(root, 'corpus'), site: 'BENCH', seed: 1, instances });
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    JSON.stringify({
      instances: s.instances,
      megabytes: Math.round(s.bytes / 1e5) / 10,
      wallSeconds: s.seconds,
      cpuSeconds: Math.round(cpuSeconds * 100) / 100,
      instancesPerWallSecond: s.instancesPerSecond,
      instancesPerCpuSecond: Math.round(s.instances / cpuSeconds),
    }),
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
