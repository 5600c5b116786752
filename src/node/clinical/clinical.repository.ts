/** SQL of the clinical import: patient ids by pseudonym, and one transaction of upserts. */
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';

export interface ClinicalRow {
  patientId: number;
  diagnosisCode: string | null;
  ageAtDiagnosis: number | null;
  yearOfDiagnosis: number | null;
  /** One per observation column; code and num both null: unknown (any stored value is removed). */
  observations: Array<{ key: string; code: string | null; num: number | null }>;
}

const CHUNK = 1000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export async function findPatientIds(db: Kysely<NodeDB>, pseudonyms: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks([...new Set(pseudonyms)])) {
    const rows = await db
      .selectFrom('patient')
      .select(['id', 'pseudonym'])
      .where('pseudonym', 'in', part)
      .execute();
    for (const r of rows) out.set(r.pseudonym, Number(r.id));
  }
  return out;
}

/** Write all rows in one transaction: all good lines load, or (on a database error) none. */
export async function saveClinicalRows(db: Kysely<NodeDB>, rows: ClinicalRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (tx) => {
    for (const part of chunks(rows)) {
      await tx
        .insertInto('patient_clinical')
        .values(
          part.map((r) => ({
            patient_id: r.patientId,
            diagnosis_code: r.diagnosisCode,
            age_at_diagnosis: r.ageAtDiagnosis,
            year_of_diagnosis: r.yearOfDiagnosis,
          })),
        )
        .onConflict((oc) =>
          oc.column('patient_id').doUpdateSet((eb) => ({
            diagnosis_code: eb.ref('excluded.diagnosis_code'),
            age_at_diagnosis: eb.ref('excluded.age_at_diagnosis'),
            year_of_diagnosis: eb.ref('excluded.year_of_diagnosis'),
          })),
        )
        .execute();
    }
    const obs = rows.flatMap((r) => r.observations.map((o) => ({ patient_id: r.patientId, ...o })));
    const known = obs.filter((o) => o.code !== null || o.num !== null);
    const unknown = obs.filter((o) => o.code === null && o.num === null);
    for (const part of chunks(known)) {
      await tx
        .insertInto('clinical_observation')
        .values(
          part.map((o) => ({ patient_id: o.patient_id, key: o.key, value_code: o.code, value_num: o.num })),
        )
        .onConflict((oc) =>
          oc.columns(['patient_id', 'key']).doUpdateSet((eb) => ({
            value_code: eb.ref('excluded.value_code'),
            value_num: eb.ref('excluded.value_num'),
          })),
        )
        .execute();
    }
    for (const part of chunks(unknown)) {
      await tx
        .deleteFrom('clinical_observation')
        .where((eb) =>
          eb.or(part.map((o) => eb.and([eb('patient_id', '=', o.patient_id), eb('key', '=', o.key)]))),
        )
        .execute();
    }
  });
}
