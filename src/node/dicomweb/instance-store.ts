/**
 * Where STOW-RS (and test fixtures) put a received instance. `InstanceStore` is the seam: this
 * small indexing store copies the file into the node's store folder and indexes its header; when
 * the ingest pipeline (and de-identification's `receiveInstance`) land, they implement the same
 * interface and the DICOMweb code does not change.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import {
  bodyPartFromDicom,
  manufacturerFromDicom,
  modalityFromDicom,
  sexFromDicom,
  sexCodes,
} from '../../model/codes.js';
import { isoDate, readDicomHeader } from './dicom-header.js';

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
          { sopInstanceUid: h.sopInstanceUid, sopClassUid: h.sopClassUid },
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
      const st = await stat(dest);
      const checksum = createHash('sha256').update(bytes).digest('hex');
      try {
        await db.transaction().execute(async (trx) => {
          const sex = sexFromDicom(h.patientSex);
          const birthYear = /^\d{4}/.test(h.patientBirthDate ?? '')
            ? Number(h.patientBirthDate?.slice(0, 4))
            : null;
          const patient = await trx
            .insertInto('patient')
            .values({ pseudonym: h.patientId, sex, sex_code: sexCodes[sex].code, birth_year: birthYear })
            .onConflict((oc) =>
              oc.column('pseudonym').doUpdateSet((eb) => ({ pseudonym: eb.ref('excluded.pseudonym') })),
            )
            .returning('id')
            .executeTakeFirstOrThrow();
          const study = await trx
            .insertInto('study')
            .values({
              patient_id: patient.id,
              study_uid: h.studyUid,
              study_date: isoDate(h.studyDate) ?? null,
              study_time: h.studyTime ?? null,
              description: h.studyDescription ?? null,
              accession_number: h.accessionNumber ?? null,
              study_id_text: h.studyId ?? null,
              referring_physician: h.referringPhysician ?? null,
            })
            .onConflict((oc) =>
              oc.column('study_uid').doUpdateSet((eb) => ({ study_uid: eb.ref('excluded.study_uid') })),
            )
            .returning('id')
            .executeTakeFirstOrThrow();
          const series = await trx
            .insertInto('series')
            .values({
              study_id: study.id,
              series_uid: h.seriesUid,
              modality: h.modality ?? null,
              modality_code: modalityFromDicom(h.modality)?.code ?? null,
              body_part: h.bodyPart ?? null,
              body_part_code: bodyPartFromDicom(h.bodyPart)?.code ?? null,
              manufacturer: h.manufacturer ?? null,
              manufacturer_code: manufacturerFromDicom(h.manufacturer)?.code ?? null,
              model: h.model ?? null,
              description: h.seriesDescription ?? null,
              series_number: h.seriesNumber ?? null,
              slice_thickness: h.sliceThickness ?? null,
            })
            .onConflict((oc) =>
              oc.column('series_uid').doUpdateSet((eb) => ({ series_uid: eb.ref('excluded.series_uid') })),
            )
            .returning('id')
            .executeTakeFirstOrThrow();
          await trx
            .insertInto('instance')
            .values({
              series_id: series.id,
              sop_instance_uid: h.sopInstanceUid,
              sop_class_uid: h.sopClassUid,
              transfer_syntax_uid: h.transferSyntaxUid,
              instance_number: h.instanceNumber ?? null,
              rows: h.rows ?? null,
              columns: h.columns ?? null,
              frames: h.frames ?? null,
              file_path: dest,
              file_size: st.size,
              file_mtime_ms: Math.trunc(st.mtimeMs),
              checksum,
            })
            .execute();
          await trx
            .updateTable('series')
            .set((eb) => ({
              instance_count: eb('instance_count', '+', 1),
              size_bytes: eb('size_bytes', '+', st.size),
            }))
            .where('id', '=', series.id)
            .execute();
        });
      } catch (err) {
        await unlink(dest).catch(() => undefined);
        throw new CieError('IO_FAILED', `could not index instance ${h.sopInstanceUid}`, undefined, {
          cause: err,
        });
      }
      return { ...ids, status: 'stored' };
    },
  };
}
