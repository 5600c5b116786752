/**
 * The exact figures of a dataset's selection, in the shape the release policy takes
 * (`RawSearchResult`): totals, and per sex, 10-year age band, cancer type, modality and body part
 * the subjects, studies and series; plus images, bytes, the 10th and 90th percentile of the age and
 * the subjects per manufacturer. Node-internal: only their released form leaves the node.
 */
import { sql, type Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import type { RawSearchResult, RawStratum } from '../search/search.repository.js';
import type { DatasetSelection } from './dataset.schema.js';
import { selectionCondition, type SelectionOptions } from './dataset-selection.js';
import type { Dimension } from '../../model/search-answer.js';

export interface RawDatasetFigures extends RawSearchResult {
  instances: number;
  sizeBytes: number;
  /** Percentiles of the patients' ages (at diagnosis, else at their first study); null when none is known. */
  ageP10: number | null;
  ageP90: number | null;
  manufacturers: RawStratum[];
}

interface Row {
  dimension: 'total' | Dimension | 'manufacturer';
  value: string | null;
  subjects: number;
  studies: number;
  series: number;
  instances: number | null;
  size_bytes: string | number | null;
  p10: number | null;
  p90: number | null;
}

const counts = sql`count(*)::int, sum(studies)::int, sum(series)::int, null::int, null::bigint, null::float8, null::float8`;
const seriesCounts = sql`count(distinct patient_id)::int, count(distinct study_id)::int, count(*)::int, null::int, null::bigint, null::float8, null::float8`;

export async function rawFiguresOfSelection(
  db: Kysely<NodeDB>,
  selection: DatasetSelection,
  opts: SelectionOptions = {},
): Promise<RawDatasetFigures> {
  const where = await selectionCondition(db, selection, opts);
  // One row per selected series (s), then one per patient (pt); each breakdown is a group of one.
  const { rows } = await sql<Row>`
    with s as materialized (
      select p.id as patient_id, st.id as study_id, se.id as series_id, se.modality_code, se.body_part_code,
             trim(coalesce(se.manufacturer, '')) as manufacturer, st.patient_age,
             count(*)::int as instances, coalesce(sum(i.file_size), 0)::bigint as size_bytes
      from instance i
      join series se on se.id = i.series_id
      join study st on st.id = se.study_id
      join patient p on p.id = st.patient_id
      where ${where}
      group by 1, 2, 3, 4, 5, 6, 7
    ),
    pt as (
      select s.patient_id, p.sex, pc.diagnosis_code, coalesce(pc.age_at_diagnosis, min(s.patient_age)) as age,
             count(distinct s.study_id) as studies, count(*) as series
      from s join patient p on p.id = s.patient_id
      left join patient_clinical pc on pc.patient_id = s.patient_id
      group by s.patient_id, p.sex, pc.diagnosis_code, pc.age_at_diagnosis
    )
    select 'total' as dimension, null::text as value, count(*)::int as subjects,
           coalesce(sum(studies), 0)::int as studies, coalesce(sum(series), 0)::int as series,
           (select coalesce(sum(instances), 0)::int from s) as instances,
           (select coalesce(sum(size_bytes), 0)::bigint from s) as size_bytes,
           percentile_cont(0.1) within group (order by age) as p10,
           percentile_cont(0.9) within group (order by age) as p90
    from pt
    union all select 'sex', sex, ${counts} from pt group by 2
    union all select 'age_band', coalesce((floor(greatest(age, 0) / 10) * 10)::int::text, 'unknown'), ${counts} from pt group by 2
    union all select 'cancer_type', coalesce(diagnosis_code, 'unknown'), ${counts} from pt group by 2
    union all select 'modality', modality_code, ${seriesCounts} from s where modality_code is not null group by 2
    union all select 'body_part', body_part_code, ${seriesCounts} from s where body_part_code is not null group by 2
    union all select 'manufacturer', manufacturer, ${seriesCounts} from s where manufacturer <> '' group by 2
  `.execute(db);
  const out: RawDatasetFigures = {
    total: { subjects: 0, studies: 0, series: 0, ageMin: null, ageMax: null },
    strata: { sex: [], age_band: [], modality: [], body_part: [], cancer_type: [] },
    instances: 0,
    sizeBytes: 0,
    ageP10: null,
    ageP90: null,
    manufacturers: [],
  };
  for (const r of rows) {
    const c = { subjects: r.subjects, studies: r.studies, series: r.series };
    if (r.dimension === 'total') {
      out.total = { ...c, ageMin: null, ageMax: null };
      out.instances = r.instances ?? 0;
      out.sizeBytes = Number(r.size_bytes ?? 0);
      out.ageP10 = r.p10;
      out.ageP90 = r.p90;
    } else if (r.dimension === 'manufacturer') out.manufacturers.push({ value: r.value ?? '', ...c });
    else out.strata[r.dimension].push({ value: r.value ?? 'unknown', ...c });
  }
  for (const list of [...Object.values(out.strata), out.manufacturers])
    list.sort((a, b) => a.value.localeCompare(b.value));
  return out;
}
