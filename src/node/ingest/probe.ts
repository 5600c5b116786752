/**
 * Which walked files to examine. The paths are looked up in the index in one query; a path it has
 * never seen (neither indexed nor rejected) is examined without a stat here (the worker's own
 * stat gives its size and mtime), and only known paths are stat'ed: those with the size and mtime
 * recorded are unchanged and are not opened at all, which is what makes a re-run of a large
 * archive take seconds.
 */
import { stat } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { findKnownFiles } from './ingest.repository.js';
import type { FoundFile } from './ingest.types.js';

export async function probeFiles(
  db: Kysely<NodeDB>,
  paths: string[],
  onError: (path: string, err: unknown) => void,
): Promise<{ toExamine: FoundFile[]; unchanged: number }> {
  const known = await findKnownFiles(db, paths);
  const now = await Promise.all(
    paths.map(async (path) => {
      if (!known.has(path)) return undefined;
      try {
        const st = await stat(path);
        return { size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
      } catch (err) {
        // gone since the walk: pruning removes its rows
        onError(path, err);
        return undefined;
      }
    }),
  );
  // in walk order: of two copies of one instance, the first is indexed and the second refused
  const toExamine: FoundFile[] = [];
  let unchanged = 0;
  for (const [i, path] of paths.entries()) {
    const k = known.get(path);
    const st = now[i];
    if (!k) toExamine.push({ path, size: 0, mtimeMs: 0, unseen: true });
    else if (!st) continue;
    else if (st.size === k.size && st.mtimeMs === k.mtimeMs) unchanged++;
    else toExamine.push({ path, ...st });
  }
  return { toExamine, unchanged };
}
