/**
 * Walk a folder tree: every regular file at any depth, whatever its name, except the node's own
 * files still being written (`partial-write.ts`). Symbolic links are
 * followed, but a directory already visited (same device and inode) is never entered twice, so
 * link loops end. Unreadable directories are reported, never fatal.
 */
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isPartialWrite } from '../../dicom/partial-write.js';
import type { FoundFile } from './ingest.types.js';

export interface WalkOptions {
  /** Called for a directory or link that cannot be read (the walk goes on). */
  onError?: (path: string, err: unknown) => void;
  /** Skip the stat of each file (for counting only): size and mtime are then 0. */
  statFiles?: boolean;
}

export async function* walkFiles(root: string, opts: WalkOptions = {}): AsyncGenerator<FoundFile> {
  const statFiles = opts.statFiles ?? true;
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
    entries.sort();
    for (const p of entries) {
      if (!statFiles) {
        yield { path: p, size: 0, mtimeMs: 0 };
        continue;
      }
      try {
        const st = await stat(p);
        yield { path: p, size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
      } catch (err) {
        opts.onError?.(p, err);
      }
    }
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
  for await (const _ of walkFiles(root, { statFiles: false })) n++;
  return n;
}
