/**
 * Where STOW-RS (and test fixtures) put a received instance. `InstanceStore` is the seam between
 * DICOMweb and the node's pipeline: this implementation validates the file, moves (or copies) it
 * under the store folder as `<study>/<series>/<sop>.dcm` and indexes it with the ingest's
 * one-file API (`ingestBuffer`), so STOW-RS and folder ingest write the same rows.
 */
import { copyFile, mkdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { ingestBuffer } from '../ingest/ingest.service.js';
import { readDicomHeader } from './dicom-header.js';

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

export function createIndexingStore(db: Kysely<NodeDB>, storeDir: string): InstanceStore {
  return {
    async storeInstance(file, opts = {}) {
      const bytes = await readFile(file);
      const h = readDicomHeader(bytes);
      const ids = {
        sopClassUid: h.sopClassUid,
        sopInstanceUid: h.sopInstanceUid,
        studyUid: h.studyUid,
        seriesUid: h.seriesUid,
      };
      if (opts.expectedStudyUid !== undefined && opts.expectedStudyUid !== h.studyUid) {
        throw new CieError(
          'CONFLICT',
          `instance belongs to study ${h.studyUid}, not to ${opts.expectedStudyUid} named in the URL`,
          {
            sopInstanceUid: h.sopInstanceUid,
            sopClassUid: h.sopClassUid,
          },
        );
      }
      const existing = await db
        .selectFrom('instance')
        .select('id')
        .where('sop_instance_uid', '=', h.sopInstanceUid)
        .executeTakeFirst();
      if (existing) {
        if (opts.move) await unlink(file);
        return { ...ids, status: 'duplicate' };
      }
      const dir = join(storeDir, h.studyUid, h.seriesUid);
      const dest = join(dir, `${h.sopInstanceUid}.dcm`);
      await mkdir(dir, { recursive: true });
      if (opts.move) await rename(file, dest);
      else await copyFile(file, dest);
      try {
        const { outcome } = await ingestBuffer(db, bytes, dest);
        if (outcome.kind === 'rejected')
          throw new CieError('DICOM_INVALID', outcome.message, { reason: outcome.reason });
      } catch (err) {
        await unlink(dest).catch(() => undefined);
        if (err instanceof CieError) throw err;
        throw new CieError('IO_FAILED', `could not index instance ${h.sopInstanceUid}`, undefined, {
          cause: err,
        });
      }
      return { ...ids, status: 'stored' };
    },
  };
}
