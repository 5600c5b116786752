/** What the ingest passes between its stages, and what it reports. */
import type { DicomHeader, RejectReason } from '../../dicom/parse-header.js';

/**
 * Why a file is not in the index: the parser's reasons, plus DUPLICATE (the file is a second copy
 * of an SOP instance already indexed from another path that still exists).
 */
export type IngestRejectReason = RejectReason | 'DUPLICATE';

/**
 * A file to examine: its path, and its size and modification time when the index knew the path
 * (stat'ed then; 0 for a path new to the index, whose worker's stat gives them).
 */
export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
  /**
   * Set when the index lookup during the walk found no instance and no rejection at this path:
   * the writer then skips looking the path up and clearing a rejection there.
   */
  unseen?: true;
}

export type FileOutcome =
  | { kind: 'indexed'; file: FoundFile; sha256: string; header: DicomHeader }
  | { kind: 'rejected'; file: FoundFile; reason: IngestRejectReason; message: string };

/** What one batch write did, per file class. */
export interface BatchCounts {
  new: number;
  updated: number;
  moved: number;
  rejected: Partial<Record<IngestRejectReason, number>>;
}

export interface IngestProgress {
  /** Files looked at so far (unchanged ones included). */
  done: number;
  /** All files under the root, once the counting walk has finished. */
  total: number | undefined;
  new: number;
  updated: number;
  moved: number;
  unchanged: number;
  rejected: number;
  /** Bytes of the files parsed and hashed in this run. */
  bytes: number;
  elapsedMs: number;
}

export interface IngestSummary {
  root: string;
  runId: number;
  files: number;
  new: number;
  updated: number;
  /** SOP instances found at a new path after their old path disappeared. */
  moved: number;
  unchanged: number;
  /** Indexed files under the root that no longer exist: their rows were removed. */
  removed: number;
  rejected: number;
  rejectedByReason: Partial<Record<IngestRejectReason, number>>;
  /** Bytes of the files parsed and hashed (unchanged files are not read). */
  bytes: number;
  durationMs: number;
  instancesPerSecond: number;
  megabytesPerSecond: number;
}
