/**
 * After a folder's walk: remove from the index the files under that folder that no longer exist
 * (deleted or moved away since an earlier run). Pages through the rows under the folder (bounded
 * memory) and checks each path on disk; only "no such file" counts as gone — a permission error
 * keeps the row. Rows written by this run (ids above `upToId`) are not checked: they were just seen.
 */
import { stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { listInstancesUnder, listRejectionsUnder, removeVanished } from './ingest.repository.js';

const PAGE = 1000;
const LANES = 16;

async function isGone(path: string): Promise<boolean> {
  try {
    return !(await stat(path)).isFile();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}

async function gone<T>(items: T[], pathOf: (t: T) => string): Promise<T[]> {
  const flags = new Array<boolean>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      flags[i] = await isGone(pathOf(items[i] as T));
    }
  };
  await Promise.all(Array.from({ length: Math.min(LANES, items.length) }, lane));
  return items.filter((_, i) => flags[i]);
}

export interface Pruned {
  /** Instance rows removed. */
  instances: number;
  /** Rejection records removed. */
  rejections: number;
}

export async function pruneVanished(db: Kysely<NodeDB>, root: string, upToId: number): Promise<Pruned> {
  const prefix = root.endsWith(sep) ? root : root + sep;
  const out: Pruned = { instances: 0, rejections: 0 };
  for (let after = 0; ; ) {
    const rows = await listInstancesUnder(db, prefix, after, upToId, PAGE);
    const last = rows.at(-1);
    if (!last) break;
    after = last.id;
    const missing = await gone(rows, (r) => r.file_path);
    await removeVanished(db, missing, []);
    out.instances += missing.length;
  }
  for (let after = ''; ; ) {
    const paths = await listRejectionsUnder(db, prefix, after, PAGE);
    const last = paths.at(-1);
    if (last === undefined) break;
    after = last;
    const missing = await gone(paths, (p) => p);
    await removeVanished(db, [], missing);
    out.rejections += missing.length;
  }
  return out;
}
