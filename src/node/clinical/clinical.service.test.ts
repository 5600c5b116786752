import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { nodeStats } from '../stats/node-stats.repository.js';
import { saveClinicalRows } from './clinical.repository.js';
import { importClinicalCsv } from './clinical.service.js';

const K1 = 'EUCAIM_Hyper-Ontology_V1.0.CLIN1037294';
const K2 = 'EUCAIM_Hyper-Ontology_V1.0.CLIN1000089';
const BREAST = 'SNOMEDCT254837009';
const PROSTATE = 'SNOMEDCT399068003';

async function seedPatients(db: Kysely<NodeDB>, names: string[]): Promise<void> {
  await db
    .insertInto('patient')
    .values(names.map((pseudonym) => ({ pseudonym, sex: 'U' as const, sex_code: 'SNOMEDCT261665006' })))
    .execute();
}

async function clinical(db: Kysely<NodeDB>) {
  return db
    .selectFrom('patient_clinical as c')
    .innerJoin('patient as p', 'p.id', 'c.patient_id')
    .select(['p.pseudonym', 'c.diagnosis_code', 'c.age_at_diagnosis', 'c.year_of_diagnosis'])
    .orderBy('p.pseudonym')
    .execute();
}

async function observations(db: Kysely<NodeDB>) {
  return db
    .selectFrom('clinical_observation as o')
    .innerJoin('patient as p', 'p.id', 'o.patient_id')
    .select(['p.pseudonym', 'o.key', 'o.value_code', 'o.value_num'])
    .orderBy('p.pseudonym')
    .orderBy('o.key')
    .execute();
}

for (const backend of backends()) {
  describe(`clinical CSV import on ${backend}`, () => {
    it('loads a good file with observation columns, and a re-import changes nothing', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await seedPatients(d.db, ['P1', 'P2', 'P3']);
        const csv = [
          `pseudonym,diagnosis,age_at_diagnosis,year_of_diagnosis,${K1},${K2}`,
          `P1,${BREAST},54,2019,"T2, N0",3.5`,
          `P2,${PROSTATE},67,2021,,7`,
          'P3,,,,GX,',
        ].join('\r\n');
        const r = await importClinicalCsv(d.db, csv);
        assert.deepEqual(r, { lines: 3, loaded: 3, bad: [], observationKeys: [K1, K2] });
        const expected = [
          { pseudonym: 'P1', diagnosis_code: BREAST, age_at_diagnosis: 54, year_of_diagnosis: 2019 },
          { pseudonym: 'P2', diagnosis_code: PROSTATE, age_at_diagnosis: 67, year_of_diagnosis: 2021 },
          { pseudonym: 'P3', diagnosis_code: null, age_at_diagnosis: null, year_of_diagnosis: null },
        ];
        assert.deepEqual(await clinical(d.db), expected);
        const obs = [
          { pseudonym: 'P1', key: K2, value_code: null, value_num: 3.5 },
          { pseudonym: 'P1', key: K1, value_code: 'T2, N0', value_num: null },
          { pseudonym: 'P2', key: K2, value_code: null, value_num: 7 },
          { pseudonym: 'P3', key: K1, value_code: 'GX', value_num: null },
        ];
        assert.deepEqual(await observations(d.db), obs);
        await importClinicalCsv(d.db, csv);
        assert.deepEqual(await clinical(d.db), expected);
        assert.deepEqual(await observations(d.db), obs);
        const stats = await nodeStats(d.db);
        assert.deepEqual(stats.byCancerType.map((c) => [c.label, c.patients]).sort(), [
          ['Breast Cancer', 1],
          ['Prostate Cancer', 1],
        ]);
        // a corrected file updates in place; an emptied cell becomes unknown
        await importClinicalCsv(
          d.db,
          `pseudonym,diagnosis,age_at_diagnosis,year_of_diagnosis,${K1}\nP1,${BREAST},55,2019,\n`,
        );
        assert.equal((await clinical(d.db))[0]?.age_at_diagnosis, 55);
        assert.deepEqual(
          (await observations(d.db)).filter((o) => o.pseudonym === 'P1').map((o) => o.key),
          [K2],
        );
      } finally {
        await d.close();
      }
    });

    it('reports each bad line with its number and reason and loads the good ones', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await seedPatients(d.db, ['A', 'B', 'C']);
        const csv = [
          `pseudonym,diagnosis,age_at_diagnosis,year_of_diagnosis,${K1}`,
          `A,${BREAST},50,2020,x`, // 2 good
          `NOPE,${BREAST},50,2020,x`, // 3 unknown patient
          `B,${BREAST},fifty,2020,x`, // 4 bad number
          'B,SNOMEDCT1,50,2020,x', // 5 unknown diagnosis
          `C,${BREAST},50`, // 6 wrong column count
          `A,${BREAST},51,2020,x`, // 7 duplicate
          `C,${BREAST},50,1492,x`, // 8 year out of range
          `,${BREAST},50,2020,x`, // 9 empty pseudonym
          `C,"${BREAST}"x,50,2020,x`, // 10 text after quote
        ].join('\n');
        const r = await importClinicalCsv(d.db, csv);
        assert.equal(r.loaded, 1);
        assert.deepEqual(
          r.bad.map((b) => b.line),
          [3, 4, 5, 6, 7, 8, 9, 10],
        );
        const reasons = r.bad.map((b) => b.reason);
        assert.match(reasons[0] ?? '', /unknown patient NOPE/);
        assert.match(reasons[1] ?? '', /bad number in age_at_diagnosis: "fifty"/);
        assert.match(reasons[2] ?? '', /unknown diagnosis code "SNOMEDCT1"/);
        assert.match(reasons[3] ?? '', /wrong column count: expected 5, found 3/);
        assert.match(reasons[4] ?? '', /already on line 2/);
        assert.match(reasons[5] ?? '', /year_of_diagnosis: 1492 is outside/);
        assert.match(reasons[6] ?? '', /pseudonym is empty/);
        assert.match(reasons[7] ?? '', /after the closing quote/);
        assert.deepEqual(
          (await clinical(d.db)).map((c) => c.pseudonym),
          ['A'],
        );
      } finally {
        await d.close();
      }
    });

    it('refuses a file whose header is wrong, writing nothing', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await seedPatients(d.db, ['A']);
        await assert.rejects(importClinicalCsv(d.db, 'id,diagnosis\nA,x\n'), (e: unknown) => {
          assert.ok(e instanceof CieError && e.code === 'CSV_INVALID');
          assert.match(
            e.message,
            /header must start with pseudonym,diagnosis,age_at_diagnosis,year_of_diagnosis/,
          );
          return true;
        });
        await assert.rejects(
          importClinicalCsv(d.db, 'pseudonym,diagnosis,age_at_diagnosis,year_of_diagnosis,stage\nA,,,,x\n'),
          /"stage" are not EUCAIM hyper-ontology keys/,
        );
        assert.equal((await clinical(d.db)).length, 0);
      } finally {
        await d.close();
      }
    });

    it('writes all rows in one transaction: a failing row leaves none of the others', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await seedPatients(d.db, ['A', 'B']);
        const ids = await d.db.selectFrom('patient').select('id').orderBy('id').execute();
        const row = (patientId: number) => ({
          patientId,
          diagnosisCode: BREAST,
          ageAtDiagnosis: 40,
          yearOfDiagnosis: 2020,
          observations: [{ key: K1, code: 'x', num: null }],
        });
        await assert.rejects(
          saveClinicalRows(d.db, [row(Number(ids[0]?.id)), row(Number(ids[1]?.id)), row(999999)]),
          /foreign key/i,
        );
        assert.equal((await clinical(d.db)).length, 0);
        assert.equal((await observations(d.db)).length, 0);
      } finally {
        await d.close();
      }
    });
  });
}
