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
import { bigintArray, textArray, unnest } from './unnest.js';
import type { BatchCounts, FileOutcome, FoundFile, IngestRejectReason } from './ingest.types.js';

export interface KnownFile {
  size: number;
  mtimeMs: number;
}

/** Files at these paths already indexed or rejected, with the size and mtime seen then. */
export async function findKnownFiles(db: Kysely<NodeDB>, paths: string[]): Promise<Map<string, KnownFile>> {
  const out = new Map<string, KnownFile>();
  if (paths.length === 0) return out;
  const rows = await sql<{ file_path: string; file_size: number; file_mtime_ms: number }>`
    select file_path, file_size, file_mtime_ms from instance where file_path = any(${textArray(paths)})
    union all
    select file_path, file_size, file_mtime_ms from ingest_rejection where file_path = any(${textArray(paths)})
  `.execute(db);
  for (const r of rows.rows) {
    out.set(r.file_path, { size: Number(r.file_size), mtimeMs: Number(r.file_mtime_ms) });
  }
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
  const rows = await sql<ExistingInstance>`
    select id, sop_instance_uid, file_path, series_id, file_size from instance
    where file_path = any(${textArray(paths)})
    union
    select id, sop_instance_uid, file_path, series_id, file_size from instance
    where sop_instance_uid = any(${textArray(sopUids)})
  `.execute(db);
  return rows.rows.map((r) => ({
    ...r,
    id: Number(r.id),
    series_id: Number(r.series_id),
    file_size: Number(r.file_size),
  }));
}

/** One decided file of a batch: what to write and how to count it. */
export type PlannedWrite =
  | {
      kind: 'index';
      file: FoundFile;
      sha256: string;
      header: DicomHeader;
      as: 'new' | 'updated' | 'moved';
      /**
       * The series the SOP instance was in before this write (null: not indexed). When the
       * planner leaves it undefined, the writer looks it up.
       */
      previousSeriesId?: number | null;
    }
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
      return { pseudonym: pseudonymOf(h), sex, sexCode: sexCodes[sex].code, birthYear: h.patientBirthYear };
    }),
    (r) => r.pseudonym,
  );
  const ids = await sql<{ id: number; pseudonym: string }>`
    insert into patient (pseudonym, sex, sex_code, birth_year)
    ${unnest([
      ['text', rows.map((r) => r.pseudonym)],
      ['text', rows.map((r) => r.sex)],
      ['text', rows.map((r) => r.sexCode)],
      ['int', rows.map((r) => r.birthYear)],
    ])}
    on conflict (pseudonym) do update set
      sex = excluded.sex,
      sex_code = excluded.sex_code,
      birth_year = coalesce(excluded.birth_year, patient.birth_year)
    returning id, pseudonym
  `.execute(tx);
  return new Map(ids.rows.map((r) => [r.pseudonym, Number(r.id)]));
}

async function upsertStudies(
  tx: Transaction<NodeDB>,
  headers: DicomHeader[],
  patients: Map<string, number>,
): Promise<Map<string, number>> {
  const rows = lastBy(headers, (h) => h.studyInstanceUid);
  const col = <T>(f: (h: DicomHeader) => T) => rows.map(f);
  const ids = await sql<{ id: number; study_uid: string }>`
    insert into study (patient_id, study_uid, study_date, description, patient_age, accession_number,
                       study_time, study_id_text, referring_physician, patient_name, patient_birth_date)
    ${unnest([
      ['bigint', col((h) => patients.get(pseudonymOf(h)) ?? 0)],
      ['text', col((h) => h.studyInstanceUid)],
      ['date', col((h) => h.studyDate)],
      ['text', col((h) => h.studyDescription)],
      ['int', col((h) => h.patientAge)],
      ['text', col((h) => h.accessionNumber)],
      ['text', col((h) => h.studyTime)],
      ['text', col((h) => h.studyId)],
      ['text', col((h) => h.referringPhysicianName)],
      ['text', col((h) => h.patientName)],
      ['text', col((h) => h.patientBirthDate)],
    ])}
    on conflict (study_uid) do update set
      patient_id = excluded.patient_id,
      study_date = excluded.study_date,
      description = excluded.description,
      patient_age = excluded.patient_age,
      accession_number = excluded.accession_number,
      study_time = excluded.study_time,
      study_id_text = excluded.study_id_text,
      referring_physician = excluded.referring_physician,
      patient_name = coalesce(excluded.patient_name, study.patient_name),
      patient_birth_date = coalesce(excluded.patient_birth_date, study.patient_birth_date)
    returning id, study_uid
  `.execute(tx);
  return new Map(ids.rows.map((r) => [r.study_uid, Number(r.id)]));
}

async function upsertSeries(
  tx: Transaction<NodeDB>,
  headers: DicomHeader[],
  studies: Map<string, number>,
): Promise<Map<string, number>> {
  const rows = lastBy(headers, (h) => h.seriesInstanceUid);
  const col = <T>(f: (h: DicomHeader) => T) => rows.map(f);
  const ids = await sql<{ id: number; series_uid: string }>`
    insert into series (study_id, series_uid, modality, modality_code, body_part, body_part_code,
                        manufacturer, manufacturer_code, model, description, slice_thickness, series_number)
    ${unnest([
      ['bigint', col((h) => studies.get(h.studyInstanceUid) ?? 0)],
      ['text', col((h) => h.seriesInstanceUid)],
      ['text', col((h) => h.modality)],
      ['text', col((h) => modalityFromDicom(h.modality)?.code)],
      ['text', col((h) => h.bodyPartExamined)],
      ['text', col((h) => bodyPartFromDicom(h.bodyPartExamined)?.code)],
      ['text', col((h) => h.manufacturer)],
      ['text', col((h) => manufacturerFromDicom(h.manufacturer)?.code)],
      ['text', col((h) => h.manufacturerModelName)],
      ['text', col((h) => h.seriesDescription)],
      ['float8', col((h) => h.sliceThickness)],
      ['int', col((h) => h.seriesNumber)],
    ])}
    on conflict (series_uid) do update set
      study_id = excluded.study_id,
      modality = excluded.modality,
      modality_code = excluded.modality_code,
      body_part = excluded.body_part,
      body_part_code = excluded.body_part_code,
      manufacturer = excluded.manufacturer,
      manufacturer_code = excluded.manufacturer_code,
      model = excluded.model,
      description = excluded.description,
      slice_thickness = excluded.slice_thickness,
      series_number = excluded.series_number
    returning id, series_uid
  `.execute(tx);
  return new Map(ids.rows.map((r) => [r.series_uid, Number(r.id)]));
}

type IndexWrite = Extract<PlannedWrite, { kind: 'index' }>;

async function upsertInstances(
  tx: Transaction<NodeDB>,
  toIndex: IndexWrite[],
  series: Map<string, number>,
  sourceRoot: string | null,
): Promise<void> {
  const col = <T>(f: (p: IndexWrite) => T) => toIndex.map(f);
  await sql`
    insert into instance (series_id, sop_instance_uid, sop_class_uid, transfer_syntax_uid, instance_number,
                          rows, columns, frames, file_path, file_size, file_mtime_ms, checksum, source_root,
                          bits_allocated)
    ${unnest([
      ['bigint', col((p) => series.get(p.header.seriesInstanceUid) ?? 0)],
      ['text', col((p) => p.header.sopInstanceUid)],
      ['text', col((p) => p.header.sopClassUid)],
      ['text', col((p) => p.header.transferSyntaxUid)],
      ['int', col((p) => p.header.instanceNumber)],
      ['int', col((p) => p.header.rows)],
      ['int', col((p) => p.header.columns)],
      ['int', col((p) => p.header.numberOfFrames)],
      ['text', col((p) => p.file.path)],
      ['bigint', col((p) => p.file.size)],
      ['bigint', col((p) => p.file.mtimeMs)],
      ['text', col((p) => p.sha256)],
      ['text', col(() => sourceRoot)],
      ['int', col((p) => p.header.bitsAllocated)],
    ])}
    on conflict (sop_instance_uid) do update set
      series_id = excluded.series_id,
      sop_class_uid = excluded.sop_class_uid,
      transfer_syntax_uid = excluded.transfer_syntax_uid,
      instance_number = excluded.instance_number,
      rows = excluded.rows,
      columns = excluded.columns,
      frames = excluded.frames,
      file_path = excluded.file_path,
      file_size = excluded.file_size,
      file_mtime_ms = excluded.file_mtime_ms,
      checksum = excluded.checksum,
      source_root = excluded.source_root,
      bits_allocated = excluded.bits_allocated
  `.execute(tx);
}

/**
 * Recompute instance_count and size_bytes of these series; drop the series, studies and
 * patients left empty (a patient with clinical data stays: it was attached by hand).
 */
async function recountSeries(tx: Transaction<NodeDB>, seriesIds: number[]): Promise<void> {
  if (seriesIds.length === 0) return;
  await sql`
    update series set
      instance_count = c.n,
      size_bytes = c.b
    from (
      select s.id, count(i.id)::int as n, coalesce(sum(i.file_size), 0)::bigint as b
      from series s left join instance i on i.series_id = s.id
      where s.id = any(${bigintArray(seriesIds)})
      group by s.id
    ) c
    where series.id = c.id and (series.instance_count, series.size_bytes) is distinct from (c.n, c.b)
  `.execute(tx);
  const emptied = await sql<{ study_id: number }>`
    delete from series where id = any(${bigintArray(seriesIds)}) and instance_count = 0 returning study_id
  `.execute(tx);
  const studyIds = [...new Set(emptied.rows.map((r) => Number(r.study_id)))];
  if (studyIds.length === 0) return;
  const gone = await sql<{ patient_id: number }>`
    delete from study where id = any(${bigintArray(studyIds)})
      and not exists (select 1 from series where series.study_id = study.id)
    returning patient_id
  `.execute(tx);
  const patientIds = [...new Set(gone.rows.map((r) => Number(r.patient_id)))];
  if (patientIds.length === 0) return;
  await sql`
    delete from patient where id = any(${bigintArray(patientIds)})
      and not exists (select 1 from study where study.patient_id = patient.id)
      and not exists (select 1 from patient_clinical c where c.patient_id = patient.id)
      and not exists (select 1 from clinical_observation o where o.patient_id = patient.id)
  `.execute(tx);
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
  const toIndex = plan.filter((p): p is IndexWrite => p.kind === 'index');
  const toReject = plan.filter((p): p is Extract<PlannedWrite, { kind: 'reject' }> => p.kind === 'reject');
  await db.transaction().execute(async (tx) => {
    const touched = new Set<number>(stale.map((s) => s.series_id));
    if (stale.length) {
      await sql`delete from instance where id = any(${bigintArray(stale.map((s) => s.id))})`.execute(tx);
    }
    if (toIndex.length) {
      const headers = toIndex.map((p) => p.header);
      const patients = await upsertPatients(tx, headers);
      const studies = await upsertStudies(tx, headers, patients);
      const series = await upsertSeries(tx, headers, studies);
      const unplanned = toIndex.filter((p) => p.previousSeriesId === undefined);
      for (const p of toIndex) if (p.previousSeriesId != null) touched.add(p.previousSeriesId);
      if (unplanned.length) {
        const before = await sql<{ series_id: number }>`
          select series_id from instance
          where sop_instance_uid = any(${textArray(unplanned.map((p) => p.header.sopInstanceUid))})
        `.execute(tx);
        for (const b of before.rows) touched.add(Number(b.series_id));
      }
      await upsertInstances(tx, toIndex, series, ctx.sourceRoot);
      for (const id of series.values()) touched.add(id);
      const rejectedBefore = toIndex.filter((p) => !p.file.unseen).map((p) => p.file.path);
      if (rejectedBefore.length) {
        await sql`
          delete from ingest_rejection where file_path = any(${textArray(rejectedBefore)})
        `.execute(tx);
      }
      for (const p of toIndex) counts[p.as]++;
    }
    if (toReject.length) {
      const rows = lastBy(toReject, (r) => r.file.path);
      await sql`
        insert into ingest_rejection (file_path, file_size, file_mtime_ms, reason_code, reason, run_id)
        ${unnest([
          ['text', rows.map((r) => r.file.path)],
          ['bigint', rows.map((r) => r.file.size)],
          ['bigint', rows.map((r) => r.file.mtimeMs)],
          ['text', rows.map((r) => r.reason)],
          ['text', rows.map((r) => r.message)],
          ['bigint', rows.map(() => ctx.runId)],
        ])}
        on conflict (file_path) do update set
          file_size = excluded.file_size,
          file_mtime_ms = excluded.file_mtime_ms,
          reason_code = excluded.reason_code,
          reason = excluded.reason,
          run_id = excluded.run_id,
          recorded_at = now()
      `.execute(tx);
      // A file that now fails to parse is no longer a good instance.
      const gone = await sql<{ series_id: number }>`
        delete from instance where file_path = any(${textArray(rows.map((r) => r.file.path))})
        returning series_id
      `.execute(tx);
      for (const g of gone.rows) touched.add(Number(g.series_id));
      for (const r of toReject) counts.rejected[r.reason] = (counts.rejected[r.reason] ?? 0) + 1;
    }
    await recountSeries(tx, [...touched]);
  });
  return counts;
}

/** Instance rows under a folder, in id order, from `afterId` on (keyset paging). */
export async function listInstancesUnder(
  db: Kysely<NodeDB>,
  prefix: string,
  afterId: number,
  upToId: number,
  limit: number,
): Promise<Array<{ id: number; file_path: string; series_id: number }>> {
  const r = await sql<{ id: number; file_path: string; series_id: number }>`
    select id, file_path, series_id from instance
    where id > ${afterId} and id <= ${upToId} and starts_with(file_path, ${prefix})
    order by id limit ${limit}
  `.execute(db);
  return r.rows.map((x) => ({ ...x, id: Number(x.id), series_id: Number(x.series_id) }));
}

/** Rejection records under a folder, in path order after `afterPath` (keyset paging). */
export async function listRejectionsUnder(
  db: Kysely<NodeDB>,
  prefix: string,
  afterPath: string,
  limit: number,
): Promise<string[]> {
  const r = await sql<{ file_path: string }>`
    select file_path from ingest_rejection
    where file_path > ${afterPath} and starts_with(file_path, ${prefix})
    order by file_path limit ${limit}
  `.execute(db);
  return r.rows.map((x) => x.file_path);
}

/** Highest instance id so far (0 when empty): rows above it were written after this call. */
export async function maxInstanceId(db: Kysely<NodeDB>): Promise<number> {
  const r = await sql<{ m: number | null }>`select max(id) as m from instance`.execute(db);
  return Number(r.rows[0]?.m ?? 0);
}

/**
 * Remove the rows of files that no longer exist, in one transaction: instances (then the series,
 * studies and patients left empty, with the series totals recounted) and rejection records.
 */
export async function removeVanished(
  db: Kysely<NodeDB>,
  instances: Array<{ id: number; series_id: number }>,
  rejectionPaths: string[],
): Promise<void> {
  if (instances.length === 0 && rejectionPaths.length === 0) return;
  await db.transaction().execute(async (tx) => {
    if (instances.length) {
      const gone = await sql<{ series_id: number }>`
        delete from instance where id = any(${bigintArray(instances.map((i) => i.id))}) returning series_id
      `.execute(tx);
      await recountSeries(tx, [...new Set(gone.rows.map((g) => Number(g.series_id)))]);
    }
    if (rejectionPaths.length) {
      await sql`delete from ingest_rejection where file_path = any(${textArray(rejectionPaths)})`.execute(tx);
    }
  });
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
