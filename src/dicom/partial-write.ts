/**
 * Files the node writes (de-identified copies, instances received by C-STORE or STOW-RS) are
 * written under a temporary name next to their final one and renamed once complete. Folder walks
 * skip these names, so indexing a folder that is still receiving never reads, and rejects, a
 * half-written file.
 */
import { threadId } from 'node:worker_threads';

const suffix = '.cie-partial';
let seq = 0;

/** A temporary name next to `path`, unique per call (two inputs may map to one output). */
export const partialPathFor = (path: string): string => `${path}.${process.pid}.${threadId}.${seq++}${suffix}`;

/** Whether a file name is one of those temporary names. */
export const isPartialWrite = (name: string): boolean => name.endsWith(suffix);
