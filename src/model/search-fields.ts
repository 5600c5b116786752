/**
 * The field catalogue: every field a federated search may name, with its codes, value kind and
 * where it lives in the node index. Built at load time from the EUCAIM Lens catalogue copied into
 * this package (`catalogue/lens-search-catalogue.json`; the copy is the one read at run time so
 * the package works on its own, and a test checks it still equals `shared/reference/`), plus the
 * reviewed additions in `search-fields.additions.ts`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fieldKeys } from './codes.js';
import { extraCriteria, rekeyedByName } from './search-fields.additions.js';

/** Patient-level fields are evaluated on the patient, series-level ones on each series. */
export type FieldScope = 'patient' | 'series';

/** Where the value of a field is stored in the node index. */
export type FieldColumn =
  | { table: 'patient'; column: 'sex_code' }
  | { table: 'patient_clinical'; column: 'diagnosis_code' | 'age_at_diagnosis' | 'year_of_diagnosis' }
  | { table: 'series'; column: 'modality_code' | 'body_part_code' | 'manufacturer_code' }
  /** `clinical_observation` rows whose `key` is the field key (value_code or value_num). */
  | { table: 'clinical_observation' };

export interface SearchField {
  key: string;
  name: string;
  /** The code system named by the catalogue ('' when it names none). */
  system: string;
  kind: 'coded' | 'number';
  scope: FieldScope;
  column: FieldColumn;
  /** Allowed codes → label (coded fields only). */
  codes: ReadonlyMap<string, string>;
  /** Smallest allowed number (number fields, when the catalogue says). */
  min: number | undefined;
}

const criterion = z.object({ key: z.string(), name: z.string() });
const leafCategory = z.object({
  key: z.string(),
  name: z.string(),
  system: z.string().default(''),
  fieldType: z.enum(['single-select', 'autocomplete', 'number']),
  criteria: z.array(criterion).default([]),
  min: z.number().optional(),
});
const catalogueSchema = z.array(
  z.object({ key: z.string(), name: z.string(), childCategories: z.array(leafCategory) }),
);

const knownColumns: Record<string, FieldColumn> = {
  [fieldKeys.sex]: { table: 'patient', column: 'sex_code' },
  [fieldKeys.diagnosis]: { table: 'patient_clinical', column: 'diagnosis_code' },
  [fieldKeys.ageAtDiagnosis]: { table: 'patient_clinical', column: 'age_at_diagnosis' },
  [fieldKeys.yearOfDiagnosis]: { table: 'patient_clinical', column: 'year_of_diagnosis' },
  [fieldKeys.modality]: { table: 'series', column: 'modality_code' },
  [fieldKeys.bodyPart]: { table: 'series', column: 'body_part_code' },
  [fieldKeys.manufacturer]: { table: 'series', column: 'manufacturer_code' },
};

/** Build the field catalogue from a parsed Lens catalogue document. */
export function buildSearchFields(document: unknown): ReadonlyMap<string, SearchField> {
  const categories = catalogueSchema.parse(document);
  const fields = new Map<string, SearchField>();
  for (const cat of categories.flatMap((c) => c.childCategories)) {
    const key = rekeyedByName[cat.name] ?? cat.key;
    if (fields.has(key)) throw new Error(`search catalogue declares field ${key} twice (${cat.name})`);
    const column = knownColumns[key] ?? { table: 'clinical_observation' };
    const codes = new Map(cat.criteria.map((c) => [c.key, c.name]));
    for (const extra of extraCriteria[key] ?? [])
      if (!codes.has(extra.code)) codes.set(extra.code, extra.label);
    fields.set(key, {
      key,
      name: cat.name,
      system: cat.system,
      kind: cat.fieldType === 'number' ? 'number' : 'coded',
      scope: column.table === 'series' ? 'series' : 'patient',
      column,
      codes,
      min: cat.min,
    });
  }
  return fields;
}

const catalogueUrl = new URL('./catalogue/lens-search-catalogue.json', import.meta.url);

/** The platform's field catalogue, keyed by Lens AST key. */
export const searchFields: ReadonlyMap<string, SearchField> = buildSearchFields(
  JSON.parse(readFileSync(catalogueUrl, 'utf8')),
);
