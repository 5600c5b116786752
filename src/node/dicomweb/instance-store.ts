/**
 * Where STOW-RS (and test fixtures) put a received instance. `InstanceStore` is the seam between
 * DICOMweb and the node's pipeline: this implementation hands the bytes to the node's receiver
 * (`receiveInstance`, the same path as C-STORE: de-identified on receipt when the site says so,
 * written under the store folder) and indexes the stored file at once with the ingest's one-file
 * API (`ingestFile`), so a STOW-RS response lists only instances that are already searchable.
 */
import { readFile, unlink } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { ingestFile } from '../ingest/ingest.service.js';
import type { Receiver } from '../pacs/receiver.service.js';

export interface StoredInstance {
  sopClassUid: string;
  sopInstanceUid: string;
  studyUid: string;
  seriesUid: string;
  /** 'duplicate' when an instance with this SOP Instance UID was already stored (nothing changed). */
  status: 'stored' | 'duplicate';
}

export interface StoreOptions {
  /** Move the file into the store (an upload's temp file) instead of copying it. */
  move?: boolean;
  /** Refuse (CONFLICT) an instance of another study (STOW-RS to /studies/{study}). */
  expectedStudyUid?: string | undefined;
}

export interface InstanceStore {
  /**
   * Validate, keep and index one DICOM Part 10 file. With `move`, the file is moved into the
   * store (a temp file from an upload); otherwise it is copied. Throws DICOM_INVALID with the reason.
   */
  storeInstance(file: string, opts?: StoreOptions): Promise<StoredInstance>;
}

export function createIndexingStore(db: Kysely<NodeDB>, receiver: Receiver): InstanceStore {
  return {
    async storeInstance(file, opts = {}) {
      const bytes = await readFile(file);
      const r = await receiver.receiveInstance(bytes, {
        source: 'STOW-RS',
        expectedStudyUid: opts.expectedStudyUid,
        untracked: true,
      });
      if (opts.move) await unlink(file);
      const ids = {
        sopClassUid: r.sopClassUid,
        sopInstanceUid: r.sopInstanceUid,
        studyUid: r.studyInstanceUid,
        seriesUid: r.seriesInstanceUid,
      };
      if (r.quarantined) {
        throw new CieError('DICOM_INVALID', `quarantined for review: ${r.reasons.join('; ')}`, {
          sopInstanceUid: r.sopInstanceUid,
          sopClassUid: r.sopClassUid,
        });
      }
      const existing = await db
        .selectFrom('instance')
        .select('file_path')
        .where('sop_instance_uid', '=', r.sopInstanceUid)
        .executeTakeFirst();
      if (existing && existing.file_path !== r.path) {
        // Indexed from another file: keep that one, drop the copy just written.
        await unlink(r.path).catch(() => undefined);
        return { ...ids, status: 'duplicate' };
      }
      try {
        const { outcome } = await ingestFile(db, r.path);
        if (outcome.kind === 'rejected')
          throw new CieError('DICOM_INVALID', outcome.message, { reason: outcome.reason });
      } catch (err) {
        if (!existing) await unlink(r.path).catch(() => undefined);
        if (err instanceof CieError) throw err;
        throw new CieError('IO_FAILED', `could not index instance ${r.sopInstanceUid}`, undefined, {
          cause: err,
        });
      }
      return { ...ids, status: existing ? 'duplicate' : 'stored' };
    },
  };
}
