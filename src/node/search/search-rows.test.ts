import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import { patchedCopy, templates, writeCorpus } from '../../../test/support/dicom-corpus.js';
import type { NodeDB } from '../../db/schema.js';
import { fieldKeys, modalityCodes } from '../../model/codes.js';
import { normaliseQuery, queryHash } from '../../model/query/normalise.js';
import { parseQuery } from '../../model/query/validate.js';
import { saveClinicalRows } from '../clinical/clinical.repository.js';
import { ingestFolder } from '../ingest/ingest.service.js';
import { countMatchesCached } from './answer-cache.js';
import { wholeIndexCollections } from './collections.js';

/** search_row as a sorted list, and what it must hold: the (patient, study, series) rows of the index. */
async function rowsOf(db: Kysely<NodeDB>): Promise<{ have: string[]; want: string[] }> {
  const cols = `patient_id, study_id, series_id, sex_code, diagnosis_code, age_at_diagnosis, year_of_diagnosis,
                modality_code, body_part_code, manufacturer_code`;
  const have = await sql<{ r: string }>`select row(${sql.raw(cols)})::text as r from search_row`.execute(db);
  const want = await sql<{ r: string }>`
    select row(p.id, st.id, s.id, p.sex_code, pc.diagnosis_code, pc.age_at_diagnosis, pc.year_of_diagnosis,
               s.modality_code, s.body_part_code, s.manufacturer_code)::text as r
    from patient p left join patient_clinical pc on pc.patient_id = p.id
    left join study st on st.patient_id = p.id left join series s on s.study_id = st.id`.execute(db);
  return { have: have.rows.map((x) => x.r).sort(), want: want.rows.map((x) => x.r).sort() };
}

/**
 * search_patient (migrations 0302–0303) as sorted lists, and what they must hold: per patient, its
 * counts of studies and series, and — read back from its row bitmasks — the rows, studies and
 * series of each modality, body part and manufacturer code, and of its series and all its rows.
 */
async function patientAggregatesOf(db: Kysely<NodeDB>): Promise<{ have: string[]; want: string[] }> {
  const index = sql`
    select p.id as pid, st.id as sid, s.id as rid, p.sex_code, pc.diagnosis_code, pc.age_at_diagnosis,
           pc.year_of_diagnosis, s.modality_code, s.body_part_code, s.manufacturer_code
    from patient p left join patient_clinical pc on pc.patient_id = p.id
    left join study st on st.patient_id = p.id left join series s on s.study_id = st.id`;
  const bits = (x: string) => sql.raw(`bit_count((${x})::bit(64))`);
  const studies = (x: string) =>
    sql.raw(`bit_count(((((${x}) & study_inner) + study_inner | (${x})) & study_ends)::bit(64))`);
  const have = await sql<{ r: string }>`
    select row(patient_id, sex_code, diagnosis_code, age_at_diagnosis, year_of_diagnosis, studies, series)::text as r
    from search_patient
    union all select row(patient_id, 'all', ${bits('all_rows')}, ${studies('all_rows')}, strata_codes[1],
                         strata_masks[1] = all_rows)::text from search_patient
    union all select row(patient_id, 'series', ${bits('series_rows')}, ${studies('series_rows')})::text from search_patient
    union all select row(patient_id, k.dimension, k.code, ${bits('m')}, ${studies('m')})::text
    from search_patient cross join lateral unnest(code_masks) with ordinality u(m, id)
    join search_code k on k.id = u.id where m <> 0
    union all select row(patient_id, 'strata', k.dimension, k.code, ${bits('m')})::text
    from search_patient cross join lateral unnest(strata_codes, strata_masks) u(id, m)
    join search_code k on k.id = u.id`.execute(db);
  const want = await sql<{ r: string }>`
    select row(pid, min(sex_code), min(diagnosis_code), min(age_at_diagnosis), min(year_of_diagnosis),
               count(distinct sid), count(rid))::text as r
    from (${index}) i group by pid
    union all select row(pid, 'all', count(*), count(distinct sid), 0, true)::text from (${index}) i group by pid
    union all select row(pid, 'series', count(rid), count(distinct sid) filter (where rid is not null))::text
    from (${index}) i group by pid
    union all select row(pid, d, v, count(*), count(distinct sid))::text
    from (${index}) i cross join lateral (values ('modality', modality_code), ('body_part', body_part_code),
                                                ('manufacturer', manufacturer_code)) x(d, v)
    where v is not null group by pid, d, v
    union all select row(pid, 'strata', d, v, count(*))::text
    from (${index}) i cross join lateral (values ('modality', modality_code), ('body_part', body_part_code)) x(d, v)
    where v is not null group by pid, d, v`.execute(db);
  return { have: have.rows.map((x) => x.r).sort(), want: want.rows.map((x) => x.r).sort() };
}

async function assertInStep(db: Kysely<NodeDB>, after: string): Promise<void> {
  const { have, want } = await rowsOf(db);
  assert.deepEqual(have, want, `search_row out of step with the index after ${after}`);
  const patients = await patientAggregatesOf(db);
  assert.deepEqual(patients.have, patients.want, `search_patient out of step with the index after ${after}`);
}

const mrQuery = parseQuery({
  nodeType: 'branch',
  operand: 'OR',
  children: [{ nodeType: 'leaf', key: fieldKeys.modality, type: 'EQUALS', value: modalityCodes.MR?.code }],
});

for (const backend of backends()) {
  describe(`search_row and search_patient follow every change of the index on ${backend}`, () => {
    let tmp: string;
    before(() => {
      tmp = mkdtempSync(join(tmpdir(), 'cie-search-rows-'));
    });
    after(() => rmSync(tmp, { recursive: true, force: true }));

    it('through ingest, re-ingest, clinical import and deletions, and the answer cache follows', async () => {
      const root = join(tmp, 'corpus');
      writeCorpus(root, { patients: 3, studiesPerPatient: 2, seriesPerStudy: 2, instancesPerSeries: 3 });
      const d = await openTestNodeDb(backend);
      try {
        const db = d.db;
        const [all] = await wholeIndexCollections('site').collectionsOf(db);
        assert.ok(all);
        const q = normaliseQuery(mrQuery);
        const mrSubjects = async (): Promise<number> =>
          (await countMatchesCached(db, q, queryHash(q), all)).total.subjects;

        await ingestFolder(db, root, { workers: 1, batchSize: 5 });
        await assertInStep(db, 'the first ingest');
        assert.equal((await rowsOf(db)).have.length, 12);
        const before = await mrSubjects();
        assert.equal(await mrSubjects(), before, 'the cached answer');

        // re-ingest: a file of an MR study now holds a CT instance of a new series in a new study
        const target = join(root, 'p0', 'st1', 'se1', '0.dcm');
        writeFileSync(
          target,
          patchedCopy(templates.ct, { patient: 7, study: 900, series: 901, instance: 902 }),
        );
        utimesSync(target, new Date(), new Date(Date.now() + 5000));
        await ingestFolder(db, root, { workers: 1, batchSize: 5 });
        await assertInStep(db, 're-ingesting a changed file (new patient, study, series)');

        // a series deleted with its instances: the study keeps its other series
        const gone = await db
          .deleteFrom('instance')
          .where('file_path', 'like', `${root}/p1/st3/se5/%`)
          .returning('series_id')
          .execute();
        await db
          .deleteFrom('series')
          .where('id', '=', gone[0]?.series_id ?? 0)
          .execute();
        await assertInStep(db, 'deleting a series');

        // clinical import: diagnosis and ages, then an update, then an observation
        const pids = (await db.selectFrom('patient').select('id').orderBy('id').execute()).map((r) =>
          Number(r.id),
        );
        await saveClinicalRows(
          db,
          pids.map((id, i) => ({
            patientId: id,
            diagnosisCode: i % 2 ? 'SNOMEDCT399068003' : null,
            ageAtDiagnosis: 50 + i,
            yearOfDiagnosis: 2020,
            observations: [],
          })),
        );
        await assertInStep(db, 'a clinical import');
        await saveClinicalRows(db, [
          {
            patientId: pids[0] ?? 0,
            diagnosisCode: 'SNOMEDCT254837009',
            ageAtDiagnosis: 61,
            yearOfDiagnosis: null,
            observations: [],
          },
        ]);
        await assertInStep(db, 'a clinical update');

        // a study moved to another patient, a sex corrected, a study and a patient removed
        const [s1, s2] = await db.selectFrom('study').select(['id', 'patient_id']).orderBy('id').execute();
        assert.ok(s1 && s2);
        await db
          .updateTable('study')
          .set({ patient_id: pids[2] ?? 0 })
          .where('id', '=', s1.id)
          .execute();
        await assertInStep(db, 'moving a study to another patient');
        await db
          .updateTable('patient')
          .set({ sex: 'F', sex_code: 'SNOMEDCT248152002' })
          .where('id', '=', pids[1] ?? 0)
          .execute();
        await assertInStep(db, 'correcting a sex');
        const lonely = await db
          .insertInto('patient')
          .values({ pseudonym: 'LONELY', sex: 'U', sex_code: 'SNOMEDCT261665006' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await assertInStep(db, 'a patient without studies');
        await db
          .deleteFrom('patient_clinical')
          .where('patient_id', '=', pids[0] ?? 0)
          .execute();
        await db.deleteFrom('patient').where('id', '=', lonely.id).execute();
        await assertInStep(db, 'removing clinical data and a patient');

        // the cache never serves counts of an older index
        const now = await mrSubjects();
        await db
          .updateTable('series')
          .set({ modality_code: modalityCodes.CT?.code ?? null })
          .execute();
        assert.equal(await mrSubjects(), 0, 'no MR series left, whatever was cached');
        assert.notEqual(now, 0);
        await assertInStep(db, 'recoding every series');
      } finally {
        await d.close();
      }
    });
  });
}
