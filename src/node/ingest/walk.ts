/**
 * Walk a folder tree: every regular file at any depth, whatever its name, except the node's own
 * files still being written (`partial-write.ts`). Symbolic links are
 * followed, but a directory already visited (same device and inode) is never entered twice, so
 * link loops end. Unreadable directories are reported, never fatal.
 *
 * Files are not stat'ed (only links and directories are): the ingest needs the size and mtime
 * only of files the index already knows. Directories are read with blocking calls: the ingest's
 * main thread is busy with the database most of the time (PGlite runs in it), and an
 * asynchronous walk, four round trips to libuv's thread pool per directory, each waiting for the
 * thread to be free, was what the whole ingest waited on. A directory read costs microseconds
 * from the page cache and one disk read when cold.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { isPartialWrite } from '../../dicom/partial-write.js';

export interface WalkOptions {
  /** Called for a directory or link that cannot be read (the walk goes on). */
  onError?: (path: string, err: unknown) => void;
  /**
   * Give the event loop a turn after each directory. For a walk that runs beside other work
   * (counting files for a progress bar) rather than feeding it: the ingest's own walk pauses
   * often enough, for the database, between the batches of paths it takes.
   */
  yieldEachDirectory?: boolean;
}

/** Device and inode: a directory reached twice (through links) is entered once. */
function identity(path: string): string {
  const st = statSync(path);
  return `${st.dev}:${st.ino}`;
}

/** The path of every file under `root`, directory by directory, in name order within each. */
export async function* walkFiles(root: string, opts: WalkOptions = {}): AsyncGenerator<string> {
  const seen = new Set<string>([identity(root)]);
  const stack: string[] = [root];
  while (stack.length) {
    const dir = stack.pop() as string;
    const entries: string[] = [];
    const subdirs: string[] = [];
    try {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (isPartialWrite(e.name)) continue;
        if (e.isDirectory()) subdirs.push(p);
        else if (e.isFile()) entries.push(p);
        else if (e.isSymbolicLink()) {
          try {
            const st = statSync(p);
            if (st.isDirectory()) subdirs.push(p);
            else if (st.isFile()) entries.push(p);
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
        const key = identity(d);
        if (seen.has(key)) continue;
        seen.add(key);
        stack.push(d);
      } catch (err) {
        opts.onError?.(d, err);
      }
    }
    if (opts.yieldEachDirectory) await setImmediate();
  }
}

/** Count the files under root (for a progress bar's total), beside the ingest. */
export async function countFiles(root: string): Promise<number> {
  let n = 0;
  for await (const _ of walkFiles(root, { yieldEachDirectory: true })) n++;
  return n;
}
