/**
 * Walk a folder tree: every regular file at any depth, whatever its name, except the node's own
 * files still being written (`partial-write.ts`). Symbolic links are
 * followed, but a directory already visited (same device and inode) is never entered twice, so
 * link loops end. Unreadable directories are reported, never fatal.
 *
 * Files are not stat'ed (only links are): the ingest needs the size and mtime only of files the
 * index already knows, and a stat per file, a round trip to libuv's thread pool each, made the
 * walk a bottleneck of the whole ingest.
 */
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isPartialWrite } from '../../dicom/partial-write.js';

export interface WalkOptions {
  /** Called for a directory or link that cannot be read (the walk goes on). */
  onError?: (path: string, err: unknown) => void;
}

/** The path of every file under `root`, directory by directory, in name order within each. */
export async function* walkFiles(root: string, opts: WalkOptions = {}): AsyncGenerator<string> {
  const seen = new Set<string>();
  const rootStat = await stat(root);
  seen.add(`${rootStat.dev}:${rootStat.ino}`);
  const stack: string[] = [root];
  while (stack.length) {
    const dir = stack.pop() as string;
    const entries: string[] = [];
    const subdirs: string[] = [];
    try {
      const handle = await opendir(dir, { bufferSize: 256 });
      for await (const e of handle) {
        const p = join(dir, e.name);
        if (isPartialWrite(e.name)) continue;
        if (e.isDirectory()) subdirs.push(p);
        else if (e.isFile()) entries.push(p);
        else if (e.isSymbolicLink()) {
          try {
            const st = await stat(p);
            if (st.isDirectory()) {
              const key = `${st.dev}:${st.ino}`;
              if (!seen.has(key)) subdirs.push(p);
            } else if (st.isFile()) entries.push(p);
          } catch (err) {
            opts.onError?.(p, err);
          }
        }
      }
    } catch (err) {
      opts.onError?.(dir, err);
      continue;
    }
    yield* entries.sort();
    // Mark directories as seen when queued, so two links to one directory enter it once.
    for (const d of subdirs.sort().reverse()) {
      try {
        const st = await stat(d);
        const key = `${st.dev}:${st.ino}`;
        if (seen.has(key)) continue;
        seen.add(key);
        stack.push(d);
      } catch (err) {
        opts.onError?.(d, err);
      }
    }
  }
}

/** Count the files under root (for a progress bar's total). */
export async function countFiles(root: string): Promise<number> {
  let n = 0;
  for await (const _ of walkFiles(root)) n++;
  return n;
}
