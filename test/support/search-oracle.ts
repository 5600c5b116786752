/**
 * The expected answer of a query over the fixture objects, computed in plain TypeScript straight
 * from the documented semantics (docs/search.md) — an evaluator independent of the SQL:
 * a subject's rows are (patient, study, series) with a patient without studies giving one row
 * (patient, -, -) and a study without series (patient, study, -); a leaf on a missing value is
 * false (also NOT_EQUALS); a subject matches if one of its rows satisfies the whole query.
 */
import type { LeafValue, QueryLeaf, QueryNode } from '../../src/model/query/query.schema.js';
import { searchFields } from '../../src/model/search-fields.js';
import type { FxPatient, FxSeries } from './search-fixture.js';

interface Row {
  p: FxPatient;
  patient: number;
  study: number | null;
  series: number | null;
  s: FxSeries | null;
}

export interface ExpectedStratum {
  value: string;
  subjects: number;
  studies: number;
  series: number;
}
export interface Expected {
  total: { subjects: number; studies: number; series: number; ageMin: number | null; ageMax: number | null };
  strata: Record<'sex' | 'age_band' | 'modality' | 'body_part' | 'cancer_type', ExpectedStratum[]>;
}

function rowsOf(patients: FxPatient[]): Row[] {
  const rows: Row[] = [];
  let study = 0;
  let series = 0;
  patients.forEach((p, patient) => {
    if (p.studies.length === 0) rows.push({ p, patient, study: null, series: null, s: null });
    for (const st of p.studies) {
      study++;
      if (st.series.length === 0) rows.push({ p, patient, study, series: null, s: null });
      for (const s of st.series) rows.push({ p, patient, study, series: ++series, s });
    }
  });
  return rows;
}

function valueOf(row: Row, key: string): string | number | null {
  const c = row.p.clinical;
  switch (key) {
    case 'SNOMEDCT263495000':
      return row.p.sex_code;
    case 'SNOMEDCT439401001':
      return c?.diagnosis_code ?? null;
    case 'SNOMEDCT423493009':
      return c?.age_at_diagnosis ?? null;
    case 'SNOMEDCT432213005':
      return c?.year_of_diagnosis ?? null;
    case 'RID10311':
      return row.s?.modality_code ?? null;
    case 'SNOMEDCT123037004':
      return row.s?.body_part_code ?? null;
    case 'C25392':
      return row.s?.manufacturer_code ?? null;
    default: {
      const o = row.p.observations.find((x) => x.key === key);
      return o ? (o.value_code ?? o.value_num) : null;
    }
  }
}

function test(v: string | number, leaf: QueryLeaf): boolean {
  const x: LeafValue = leaf.value;
  switch (leaf.type) {
    case 'EQUALS':
      return v === x;
    case 'NOT_EQUALS':
      return v !== x;
    case 'IN':
      return Array.isArray(x) && x.includes(String(v));
    case 'CONTAINS': {
      const label = searchFields.get(leaf.key)?.codes.get(String(v)) ?? '';
      return typeof x === 'string' && label.toLowerCase().includes(x.trim().toLowerCase());
    }
    case 'BETWEEN': {
      const r = x as { min?: number; max?: number };
      return (r.min === undefined || Number(v) >= r.min) && (r.max === undefined || Number(v) <= r.max);
    }
    case 'LOWER_THAN':
      return Number(v) < (typeof x === 'number' ? x : Number((x as { max: number }).max));
    case 'GREATER_THAN':
      return Number(v) > (typeof x === 'number' ? x : Number((x as { min: number }).min));
  }
}

function holds(row: Row, q: QueryNode): boolean {
  if (q.nodeType === 'leaf') {
    const v = valueOf(row, q.key);
    return v !== null && test(v, q);
  }
  if (q.children.length === 0) return true;
  return q.operand === 'AND' ? q.children.every((c) => holds(row, c)) : q.children.some((c) => holds(row, c));
}

function aggregate(rows: Row[]): { subjects: number; studies: number; series: number } {
  const count = (f: (r: Row) => number | null): number =>
    new Set(rows.map(f).filter((x): x is number => x !== null)).size;
  return {
    subjects: count((r) => r.patient),
    studies: count((r) => r.study),
    series: count((r) => r.series),
  };
}

function strata(rows: Row[], by: (r: Row) => string | null): ExpectedStratum[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = by(r);
    if (k !== null) groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups]
    .map(([value, rs]) => ({ value, ...aggregate(rs) }))
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

export function expectedAnswer(patients: FxPatient[], query: QueryNode): Expected {
  const rows = rowsOf(patients).filter((r) => holds(r, query));
  const ages = rows
    .map((r) => r.p.clinical?.age_at_diagnosis)
    .filter((a): a is number => typeof a === 'number');
  const age = (r: Row): number | null | undefined => r.p.clinical?.age_at_diagnosis;
  return {
    total: {
      ...aggregate(rows),
      ageMin: ages.length ? Math.min(...ages) : null,
      ageMax: ages.length ? Math.max(...ages) : null,
    },
    strata: {
      sex: strata(rows, (r) => r.p.sex_code),
      age_band: strata(rows, (r) => {
        const a = age(r);
        return a == null ? 'unknown' : String(Math.floor(a / 10) * 10);
      }),
      cancer_type: strata(rows, (r) => r.p.clinical?.diagnosis_code ?? 'unknown'),
      modality: strata(rows, (r) => r.s?.modality_code ?? null),
      body_part: strata(rows, (r) => r.s?.body_part_code ?? null),
    },
  };
}
