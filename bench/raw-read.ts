/**
 * The ingest benchmark's baseline and cache control (not part of `npm test`).
 *
 * Raw baseline: the practical limit of reading a tree, with none of the ingest's work. A
 * synchronous walk, then the file list split over N worker threads, each opening every file
 * and reading its first 64 KiB into ONE reused buffer with blocking calls (no promise, no
 * allocation per file). Blocking reads are what is fastest when the files are in the page cache;
 * with a cold cache only N reads are in flight, as in the ingest's workers.
 *
 * Cold cache: `sync` then `echo 3 > /proc/sys/vm/drop_caches` (root only) drops the page,
 * dentry and inode caches of the whole machine before a timed phase.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const DROP_CACHES = '/proc/sys/vm/drop_caches';

/** Plain CommonJS evaluated in each thread: no TypeScript loader to start, nothing shared. */
const READER = `
const { closeSync, openSync, readSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const buf = Buffer.allocUnsafe(64 * 1024);
let bytes = 0;
for (const p of workerData) {
  const fd = openSync(p, 'r');
  try { bytes += readSync(fd, buf, 0, buf.length, 0); } finally { closeSync(fd); }
}
parentPort.postMessage(bytes);
`;

export interface RawResult {
  threads: number;
  ms: number;
  files: number;
  bytes: number;
}

function walkSync(dir: string, into: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walkSync(p, into);
    else if (e.isFile()) into.push(p);
  }
}

function readInThread(paths: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const w = new Worker(READER, { eval: true, workerData: paths });
    w.once('message', (bytes: number) => resolve(bytes));
    w.once('error', reject);
  });
}

/** Walk `root`, then read every file's first 64 KiB on `threads` threads (every i-th file each). */
export async function rawBaseline(root: string, threads: number): Promise<RawResult> {
  const t = performance.now();
  const files: string[] = [];
  walkSync(root, files);
  const parts = Array.from({ length: threads }, (_, i) => files.filter((_, j) => j % threads === i));
  const bytes = (await Promise.all(parts.map(readInThread))).reduce((a, b) => a + b, 0);
  return { threads, ms: performance.now() - t, files: files.length, bytes };
}

/** Whether this process may drop the kernel's caches (root on Linux). */
export function canDropCaches(): boolean {
  try {
    accessSync(DROP_CACHES, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Write dirty pages out, then drop the page cache, dentries and inodes. */
export function dropCaches(): void {
  execFileSync('sync');
  writeFileSync(DROP_CACHES, '3');
}
