/**
 * The attributes QIDO-RS answers from the SQL index: their tag, VR, level, the index column they
 * come from, and which are returned by default at each query level (PS3.18 Table 6.7.1-2, -2a).
 */
export type QueryLevel = 'study' | 'series' | 'instance';

/** SQL aliases used by the QIDO repository: st = study, p = patient, se = series, i = instance. */
export interface IndexedAttribute {
  keyword: string;
  tag: string;
  vr: string;
  /** The level that owns it (patient attributes are study level in the study root model). */
  level: QueryLevel;
  /** Column it is stored in and matched on; undefined → computed, return-only. */
  column?: string;
  /** How a match key on it is applied. */
  match: 'uid' | 'text' | 'pn' | 'date' | 'time' | 'int' | 'modalities' | 'none';
}

const attrs: IndexedAttribute[] = [
  { keyword: 'SpecificCharacterSet', tag: '00080005', vr: 'CS', level: 'study', match: 'none' },
  { keyword: 'StudyDate', tag: '00080020', vr: 'DA', level: 'study', column: 'st.study_date', match: 'date' },
  { keyword: 'StudyTime', tag: '00080030', vr: 'TM', level: 'study', column: 'st.study_time', match: 'time' },
  {
    keyword: 'AccessionNumber',
    tag: '00080050',
    vr: 'SH',
    level: 'study',
    column: 'st.accession_number',
    match: 'text',
  },
  { keyword: 'InstanceAvailability', tag: '00080056', vr: 'CS', level: 'instance', match: 'none' },
  { keyword: 'ModalitiesInStudy', tag: '00080061', vr: 'CS', level: 'study', match: 'modalities' },
  {
    keyword: 'ReferringPhysicianName',
    tag: '00080090',
    vr: 'PN',
    level: 'study',
    column: 'st.referring_physician',
    match: 'pn',
  },
  { keyword: 'RetrieveURL', tag: '00081190', vr: 'UR', level: 'study', match: 'none' },
  {
    keyword: 'StudyDescription',
    tag: '00081030',
    vr: 'LO',
    level: 'study',
    column: 'st.description',
    match: 'text',
  },
  {
    keyword: 'PatientName',
    tag: '00100010',
    vr: 'PN',
    level: 'study',
    column: 'st.patient_name',
    match: 'pn',
  },
  { keyword: 'PatientID', tag: '00100020', vr: 'LO', level: 'study', column: 'p.pseudonym', match: 'text' },
  {
    keyword: 'PatientBirthDate',
    tag: '00100030',
    vr: 'DA',
    level: 'study',
    column: 'st.patient_birth_date',
    match: 'text',
  },
  { keyword: 'PatientSex', tag: '00100040', vr: 'CS', level: 'study', column: 'p.sex', match: 'text' },
  {
    keyword: 'StudyInstanceUID',
    tag: '0020000D',
    vr: 'UI',
    level: 'study',
    column: 'st.study_uid',
    match: 'uid',
  },
  {
    keyword: 'StudyID',
    tag: '00200010',
    vr: 'SH',
    level: 'study',
    column: 'st.study_id_text',
    match: 'text',
  },
  { keyword: 'NumberOfStudyRelatedSeries', tag: '00201206', vr: 'IS', level: 'study', match: 'none' },
  { keyword: 'NumberOfStudyRelatedInstances', tag: '00201208', vr: 'IS', level: 'study', match: 'none' },
  { keyword: 'Modality', tag: '00080060', vr: 'CS', level: 'series', column: 'se.modality', match: 'text' },
  {
    keyword: 'Manufacturer',
    tag: '00080070',
    vr: 'LO',
    level: 'series',
    column: 'se.manufacturer',
    match: 'text',
  },
  {
    keyword: 'SeriesDescription',
    tag: '0008103E',
    vr: 'LO',
    level: 'series',
    column: 'se.description',
    match: 'text',
  },
  {
    keyword: 'ManufacturerModelName',
    tag: '00081090',
    vr: 'LO',
    level: 'series',
    column: 'se.model',
    match: 'text',
  },
  {
    keyword: 'BodyPartExamined',
    tag: '00180015',
    vr: 'CS',
    level: 'series',
    column: 'se.body_part',
    match: 'text',
  },
  {
    keyword: 'SliceThickness',
    tag: '00180050',
    vr: 'DS',
    level: 'series',
    column: 'se.slice_thickness',
    match: 'none',
  },
  {
    keyword: 'SeriesInstanceUID',
    tag: '0020000E',
    vr: 'UI',
    level: 'series',
    column: 'se.series_uid',
    match: 'uid',
  },
  {
    keyword: 'SeriesNumber',
    tag: '00200011',
    vr: 'IS',
    level: 'series',
    column: 'se.series_number',
    match: 'int',
  },
  { keyword: 'NumberOfSeriesRelatedInstances', tag: '00201209', vr: 'IS', level: 'series', match: 'none' },
  {
    keyword: 'SOPClassUID',
    tag: '00080016',
    vr: 'UI',
    level: 'instance',
    column: 'i.sop_class_uid',
    match: 'uid',
  },
  {
    keyword: 'SOPInstanceUID',
    tag: '00080018',
    vr: 'UI',
    level: 'instance',
    column: 'i.sop_instance_uid',
    match: 'uid',
  },
  {
    keyword: 'AvailableTransferSyntaxUID',
    tag: '00083002',
    vr: 'UI',
    level: 'instance',
    column: 'i.transfer_syntax_uid',
    match: 'uid',
  },
  {
    keyword: 'InstanceNumber',
    tag: '00200013',
    vr: 'IS',
    level: 'instance',
    column: 'i.instance_number',
    match: 'int',
  },
  {
    keyword: 'NumberOfFrames',
    tag: '00280008',
    vr: 'IS',
    level: 'instance',
    column: 'i.frames',
    match: 'int',
  },
  { keyword: 'Rows', tag: '00280010', vr: 'US', level: 'instance', column: 'i.rows', match: 'int' },
  { keyword: 'Columns', tag: '00280011', vr: 'US', level: 'instance', column: 'i.columns', match: 'int' },
  {
    keyword: 'BitsAllocated',
    tag: '00280100',
    vr: 'US',
    level: 'instance',
    column: 'i.bits_allocated',
    match: 'int',
  },
];

export const indexedByTag: ReadonlyMap<string, IndexedAttribute> = new Map(attrs.map((a) => [a.tag, a]));

const studyDefaults = [
  '00080005',
  '00080020',
  '00080030',
  '00080050',
  '00080056',
  '00080061',
  '00080090',
  '00081030',
  '00081190',
  '00100010',
  '00100020',
  '00100030',
  '00100040',
  '0020000D',
  '00200010',
  '00201206',
  '00201208',
];
const seriesDefaults = [
  '00080005',
  '00080060',
  '0008103E',
  '00081190',
  '0020000D',
  '0020000E',
  '00200011',
  '00201209',
];
const instanceDefaults = [
  '00080005',
  '00080016',
  '00080018',
  '00080056',
  '00081190',
  '0020000D',
  '0020000E',
  '00200013',
  '00280008',
  '00280010',
  '00280011',
  '00280100',
];

/** Attributes returned by default at a level (PS3.18 Table 6.7.1-2/2a). */
export const defaultTags: Record<QueryLevel, readonly string[]> = {
  study: studyDefaults,
  series: seriesDefaults,
  instance: instanceDefaults,
};

/**
 * Levels whose attributes a query at `level` may match on ("all series" also matches study keys),
 * and whose default attributes it returns (PS3.18 §10.6.3.3 asks this for all series and all
 * instances; like Orthanc we do it under a study or series too).
 */
export function levelsVisibleFrom(level: QueryLevel): readonly QueryLevel[] {
  switch (level) {
    case 'study':
      return ['study'];
    case 'series':
      return ['study', 'series'];
    case 'instance':
      return ['study', 'series', 'instance'];
  }
}
