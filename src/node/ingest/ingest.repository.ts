/**
 * The ingest's SQL: which files are already known, and writing one batch of examined files into
 * patient → study → series → instance in ONE transaction (so a crash never leaves half a batch).
 * Series counts and sizes are recomputed from the instance rows of every series a batch touched,
 * which keeps them right when files change, move or are written twice.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import {
  bodyPartFromDicom,
  manufacturerFromDicom,
  modalityFromDicom,
  sexCodes,
  sexFromDicom,
} from '../../model/codes.js';
import type { DicomHeader } from '../../dicom/parse-header.js';
import { pseudonymOf } from './pseudonym.js';
import type { BatchCounts, FileOutcome, FoundFile, IngestRejectReason } from './ingest.types.js';

export interface KnownFile {
  size: number;
  mtimeMs: number;
}

/** Files at these paths already indexed or rejected, with the size and mtime seen then. */
export async function findKnownFiles(db: Kysely<NodeDB>, paths: string[]): Promise<Map<string, KnownFile>> {
  const out = new Map<string, KnownFile>();
  if (paths.length === 0) return out;
  const rows = await db
    .selectFrom('instance')
    .select(['file_path', 'file_size', 'file_mtime_ms'])
    .where('file_path', 'in', paths)
    .unionAll(
      db
        .selectFrom('ingest_rejection')
        .select(['file_path', 'file_size', 'file_mtime_ms'])
        .where('file_path', 'in', paths),
    )
    .execute();
  for (const r of rows) out.set(r.file_path, { size: Number(r.file_size), mtimeMs: Number(r.file_mtime_ms) });
  return out;
}

export interface ExistingInstance {
  id: number;
  sop_instance_uid: string;
  file_path: string;
  series_id: number;
  file_size: number;
}

/** Instance rows at any of these paths or with any of these SOP Instance UIDs. */
export async function findExistingInstances(
  db: Kysely<NodeDB>,
  paths: string[],
  sopUids: string[],
): Promise<ExistingInstance[]> {
  if (paths.length === 0 && sopUids.length === 0) return [];
  const rows = await db
    .selectFrom('instance')
    .select(['id', 'sop_instance_uid', 'file_path', 'series_id', 'file_size'])
    .where((eb) =>
      eb.or([
        ...(paths.length ? [eb('file_path', 'in', paths)] : []),
        ...(sopUids.length ? [eb('sop_instance_uid', 'in', sopUids)] : []),
      ]),
    )
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    series_id: Number(r.series_id),
    file_size: Number(r.file_size),
  }));
}

/** One decided file of a batch: what to write and how to count it. */
export type PlannedWrite =
  | { kind: 'index'; file: FoundFile; sha256: string; header: DicomHeader; as: 'new' | 'updated' | 'moved' }
  | { kind: 'reject'; file: FoundFile; reason: IngestRejectReason; message: string };

function lastBy<T>(items: T[], key: (t: T) => string): T[] {
  const m = new Map<string, T>();
  for (const it of items) m.set(key(it), it);
  return [...m.values()];
}

async function upsertPatients(tx: Transaction<NodeDB>, headers: DicomHeader[]): Promise<Map<string, number>> {
  const rows = lastBy(
    headers.map((h) => {
      const sex = sexFromDicom(h.patientSex);
      return {
        pseudonym: pseudonymOf(h),
        sex,
        sex_code: sexCodes[sex].code,
        birth_year: h.patientBirthYear ?? null,
      };
    }),
    (r) => r.pseudonym,
  );
  const ids = await tx
    .insertInto('patient')
    .values(rows)
    .onConflict((oc) =>
      oc.column('pseudonym').doUpdateSet((eb) => ({
        sex: eb.ref('excluded.sex'),
        sex_code: eb.ref('excluded.sex_code'),
        birth_year: sql<number | null>`coalesce(excluded.birth_year, patient.birth_year)`,
      })),
    )
    .returning(['id', 'pseudonym'])
    .execute();
  return new Map(ids.map((r) => [r.pseudonym, Number(r.id)]));
}

async function upsertStudies(
  tx: Transaction<NodeDB>,
  headers: DicomHeader[],
  patients: Map<string, number>,
): Promise<Map<string, number>> {
  const rows = lastBy(
    headers.map((h) => ({
      patient_id: patients.get(pseudonymOf(h)) ?? 0,
      study_uid: h.studyInstanceUid,
      study_date: h.studyDate ?? null,
      description: h.studyDescription ?? null,
      patient_age: h.patientAge ?? null,
    })),
    (r) => r.study_uid,
  );
  const ids = await tx
    .insertInto('study')
    .values(rows)
    .onConflict((oc) =>
      oc.column('study_uid').doUpdateSet((eb) => ({
        patient_id: eb.ref('excluded.patient_id'),
        study_date: eb.ref('excluded.study_date'),
        description: eb.ref('excluded.description'),
        patient_age: eb.ref('excluded.patient_age'),
      })),
    )
    .returning(['id', 'study_uid'])
    .execute();
  return new Map(ids.map((r) => [r.study_uid, Number(r.id)]));
}

async function upsertSeries(
  tx: Transaction<NodeDB>,
  headers: DicomHeader[],
  studies: Map<string, number>,
): Promise<Map<string, number>> {
  const rows = lastBy(
    headers.map((h) => ({
      study_id: studies.get(h.studyInstanceUid) ?? 0,
      series_uid: h.seriesInstanceUid,
      modality: h.modality ?? null,
      modality_code: modalityFromDicom(h.modality)?.code ?? null,
      body_part: h.bodyPartExamined ?? null,
      body_part_code: bodyPartFromDicom(h.bodyPartExamined)?.code ?? null,
      manufacturer: h.manufacturer ?? null,
      manufacturer_code: manufacturerFromDicom(h.manufacturer)?.code ?? null,
      model: h.manufacturerModelName ?? null,
      description: h.seriesDescription ?? null,
      slice_thickness: h.sliceThickness ?? null,
    })),
    (r) => r.series_uid,
  );
  const ids = await tx
    .insertInto('series')
    .values(rows)
    .onConflict((oc) =>
      oc.column('series_uid').doUpdateSet((eb) => ({
        study_id: eb.ref('excluded.study_id'),
        modality: eb.ref('excluded.modality'),
        modality_code: eb.ref('excluded.modality_code'),
        body_part: eb.ref('excluded.body_part'),
        body_part_code: eb.ref('excluded.body_part_code'),
        manufacturer: eb.ref('excluded.manufacturer'),
        manufacturer_code: eb.ref('excluded.manufacturer_code'),
        model: eb.ref('excluded.model'),
        description: eb.ref('excluded.description'),
        slice_thickness: eb.ref('excluded.slice_thickness'),
      })),
    )
    .returning(['id', 'series_uid'])
    .execute();
  return new Map(ids.map((r) => [r.series_uid, Number(r.id)]));
}

/** Recompute instance_count and size_bytes of these series; drop series and studies left empty. */
async function recountSeries(tx: Transaction<NodeDB>, seriesIds: number[]): Promise<void> {
  if (seriesIds.length === 0) return;
  await sql`
    update series set
      instance_count = c.n,
      size_bytes = c.b
    from (
      select s.id, count(i.id)::int as n, coalesce(sum(i.file_size), 0)::bigint as b
      from series s left join instance i on i.series_id = s.id
      where s.id in (${sql.join(seriesIds)})
      group by s.id
    ) c
    where series.id = c.id
  `.execute(tx);
  const emptied = await tx
    .deleteFrom('series')
    .where('id', 'in', seriesIds)
    .where('instance_count', '=', 0)
    .returning('study_id')
    .execute();
  const studyIds = [...new Set(emptied.map((r) => Number(r.study_id)))];
  if (studyIds.length) {
    await tx
      .deleteFrom('study')
      .where('id', 'in', studyIds)
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('series').select('series.id').whereRef('series.study_id', '=', 'study.id')),
        ),
      )
      .execute();
  }
}

/**
 * Write one batch in one transaction. `stale` are instance ids to delete first (rows at a path
 * whose file now holds another SOP instance); their series are recounted too.
 */
export async function writeBatch(
  db: Kysely<NodeDB>,
  plan: PlannedWrite[],
  stale: ExistingInstance[],
  ctx: { runId: number | null; sourceRoot: string | null },
): Promise<BatchCounts> {
  const counts: BatchCounts = { new: 0, updated: 0, moved: 0, rejected: {} };
  const toIndex = plan.filter((p): p is Extract<PlannedWrite, { kind: 'index' }> => p.kind === 'index');
  const toReject = plan.filter((p): p is Extract<PlannedWrite, { kind: 'reject' }> => p.kind === 'reject');
  await db.transaction().execute(async (tx) => {
    const touched = new Set<number>(stale.map((s) => s.series_id));
    if (stale.length) {
      await tx
        .deleteFrom('instance')
        .where(
          'id',
          'in',
          stale.map((s) => s.id),
        )
        .execute();
    }
    if (toIndex.length) {
      const headers = toIndex.map((p) => p.header);
      const patients = await upsertPatients(tx, headers);
      const studies = await upsertStudies(tx, headers, patients);
      const series = await upsertSeries(tx, headers, studies);
      const before = await tx
        .selectFrom('instance')
        .select('series_id')
        .where(
          'sop_instance_uid',
          'in',
          toIndex.map((p) => p.header.sopInstanceUid),
        )
        .execute();
      for (const b of before) touched.add(Number(b.series_id));
      await tx
        .insertInto('instance')
        .values(
          toIndex.map((p) => ({
            series_id: series.get(p.header.seriesInstanceUid) ?? 0,
            sop_instance_uid: p.header.sopInstanceUid,
            sop_class_uid: p.header.sopClassUid,
            transfer_syntax_uid: p.header.transferSyntaxUid,
            instance_number: p.header.instanceNumber ?? null,
            rows: p.header.rows ?? null,
            columns: p.header.columns ?? null,
            frames: p.header.numberOfFrames ?? null,
            file_path: p.file.path,
            file_size: p.file.size,
            file_mtime_ms: p.file.mtimeMs,
            checksum: p.sha256,
            source_root: ctx.sourceRoot,
          })),
        )
        .onConflict((oc) =>
          oc.column('sop_instance_uid').doUpdateSet((eb) => ({
            series_id: eb.ref('excluded.series_id'),
            sop_class_uid: eb.ref('excluded.sop_class_uid'),
            transfer_syntax_uid: eb.ref('excluded.transfer_syntax_uid'),
            instance_number: eb.ref('excluded.instance_number'),
            rows: eb.ref('excluded.rows'),
            columns: eb.ref('excluded.columns'),
            frames: eb.ref('excluded.frames'),
            file_path: eb.ref('excluded.file_path'),
            file_size: eb.ref('excluded.file_size'),
            file_mtime_ms: eb.ref('excluded.file_mtime_ms'),
            checksum: eb.ref('excluded.checksum'),
            source_root: eb.ref('excluded.source_root'),
          })),
        )
        .execute();
      for (const id of series.values()) touched.add(id);
      await tx
        .deleteFrom('ingest_rejection')
        .where(
          'file_path',
          'in',
          toIndex.map((p) => p.file.path),
        )
        .execute();
      for (const p of toIndex) counts[p.as]++;
    }
    if (toReject.length) {
      const rows = lastBy(toReject, (r) => r.file.path).map((r) => ({
        file_path: r.file.path,
        file_size: r.file.size,
        file_mtime_ms: r.file.mtimeMs,
        reason_code: r.reason,
        reason: r.message,
        run_id: ctx.runId,
      }));
      await tx
        .insertInto('ingest_rejection')
        .values(rows)
        .onConflict((oc) =>
          oc.column('file_path').doUpdateSet((eb) => ({
            file_size: eb.ref('excluded.file_size'),
            file_mtime_ms: eb.ref('excluded.file_mtime_ms'),
            reason_code: eb.ref('excluded.reason_code'),
            reason: eb.ref('excluded.reason'),
            run_id: eb.ref('excluded.run_id'),
            recorded_at: sql<Date>`now()`,
          })),
        )
        .execute();
      // A file that now fails to parse is no longer a good instance.
      const gone = await tx
        .deleteFrom('instance')
        .where(
          'file_path',
          'in',
          rows.map((r) => r.file_path),
        )
        .returning('series_id')
        .execute();
      for (const g of gone) touched.add(Number(g.series_id));
      for (const r of toReject) counts.rejected[r.reason] = (counts.rejected[r.reason] ?? 0) + 1;
    }
    await recountSeries(tx, [...touched]);
  });
  return counts;
}

export async function startRun(db: Kysely<NodeDB>, root: string): Promise<number> {
  const r = await db.insertInto('ingest_run').values({ root }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function finishRun(db: Kysely<NodeDB>, runId: number, summary: unknown): Promise<void> {
  await db
    .updateTable('ingest_run')
    .set({ finished_at: sql<Date>`now()`, summary: JSON.stringify(summary) })
    .where('id', '=', runId)
    .execute();
}

export type { FileOutcome };
