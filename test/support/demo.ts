/**
 * `cie demo` for one test file: hub and nodes on a temporary data directory, started in the
 * enclosing suite's `before` and closed (directory removed) in its `after`. Call it inside
 * `describe`; read the running demo through the returned function once `before` has run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { startDemo, type RunningDemo } from '../../src/demo/demo.js';
import type { DemoSite } from '../../src/demo/demo-sites.js';
import { createLogger } from '../../src/log.js';

export interface TestDemoOptions {
  sites: readonly DemoSite[];
  patients: number;
  maxImagesPerSeries?: number;
  /** Extra environment settings read by loadConfig (e.g. a small search budget). */
  env?: Record<string, string>;
  /** Runs after the demo is up, still in `before` (e.g. wait until the catalogue is filled). */
  ready?: (demo: RunningDemo) => Promise<void>;
}

export function useTestDemo(opts: TestDemoOptions): () => RunningDemo {
  let dir: string | undefined;
  let demo: RunningDemo | undefined;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cie-test-demo-'));
    const config = loadConfig({ dataDir: dir, port: 0 }, { ...process.env, ...opts.env });
    demo = await startDemo(config, {
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      sites: opts.sites,
      corpusSize: { patients: opts.patients, maxImagesPerSeries: opts.maxImagesPerSeries ?? 1 },
    });
    await opts.ready?.(demo);
  });
  after(async () => {
    await demo?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!demo) throw new Error('the demo is not running: read it inside a test, after before()');
    return demo;
  };
}
