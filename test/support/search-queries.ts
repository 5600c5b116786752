/**
 * The table of search queries used by the executor tests (against ground truth) and by the
 * benchmark: every field, every operator, nested AND/OR, empty results and boundaries — written
 * exactly as Lens sends them (top-level OR of rows, each an AND of per-field OR groups).
 */
import {
  bodyPartCodes,
  cancerTypes,
  fieldKeys as F,
  modalityCodes,
  sexCodes,
} from '../../src/model/codes.js';
import type {
  LeafType,
  LeafValue,
  QueryBranch,
  QueryLeaf,
  QueryNode,
} from '../../src/model/query/query.schema.js';
import { obsKeys } from './search-fixture.js';

const H = 'EUCAIM_Hyper-Ontology_V1.0.';
export const leaf = (key: string, type: LeafType, value: LeafValue): QueryLeaf => ({
  nodeType: 'leaf',
  key,
  type,
  value,
});
export const group = (key: string, ...leaves: QueryLeaf[]): QueryBranch => ({
  nodeType: 'branch',
  key,
  operand: 'OR',
  children: leaves,
});
export const and = (...children: QueryNode[]): QueryBranch => ({
  nodeType: 'branch',
  operand: 'AND',
  children,
});
export const or = (...children: QueryNode[]): QueryBranch => ({
  nodeType: 'branch',
  operand: 'OR',
  children,
});
/** Lens's shape: OR of rows, each row an AND of groups. */
export const lens = (...rows: QueryBranch[][]): QueryBranch => or(...rows.map((groups) => and(...groups)));
const eq = (key: string, value: LeafValue): QueryBranch => group(key, leaf(key, 'EQUALS', value));

/** The empty search ("everything") and "sex = female", as Lens sends them. */
export const everything: QueryBranch = or();
export const femaleQuery: QueryBranch = lens([eq(F.sex, sexCodes.F.code)]);
/** The "Modality = MR" AST captured from the real Lens front end, verbatim (untyped JSON). */
export const capturedModalityMr = {
  nodeType: 'branch',
  operand: 'OR',
  children: [
    {
      nodeType: 'branch',
      operand: 'AND',
      children: [
        {
          nodeType: 'branch',
          key: 'RID10311',
          operand: 'OR',
          children: [
            {
              nodeType: 'leaf',
              key: 'RID10311',
              type: 'EQUALS',
              system: 'urn:oid:2.16.840.1.113883.6.256',
              value: 'RID10312',
            },
          ],
        },
      ],
    },
  ],
};

const MR = modalityCodes.MR?.code ?? '';
const CT = modalityCodes.CT?.code ?? '';
const PT = modalityCodes.PT?.code ?? '';
const MG = modalityCodes.MG?.code ?? '';
const PROSTATE = bodyPartCodes.PROSTATE?.code ?? '';
const BREAST = bodyPartCodes.BREAST?.code ?? '';
const LUNG = bodyPartCodes.LUNG?.code ?? '';
const BRAIN = bodyPartCodes.BRAIN?.code ?? '';

export const searchQueryTable: Array<{ name: string; query: QueryNode }> = [
  { name: 'everything (empty search)', query: or() },
  { name: 'sex = female', query: lens([eq(F.sex, sexCodes.F.code)]) },
  { name: 'sex != male', query: lens([group(F.sex, leaf(F.sex, 'NOT_EQUALS', sexCodes.M.code))]) },
  {
    name: 'sex = other or unknown',
    query: lens([
      group(F.sex, leaf(F.sex, 'EQUALS', sexCodes.O.code), leaf(F.sex, 'EQUALS', sexCodes.U.code)),
    ]),
  },
  { name: 'diagnosis = prostate', query: lens([eq(F.diagnosis, cancerTypes.prostate.code)]) },
  {
    name: 'diagnosis IN glioma, glioblastoma',
    query: lens([
      group(F.diagnosis, leaf(F.diagnosis, 'IN', [cancerTypes.glioma.code, cancerTypes.glioblastoma.code])),
    ]),
  },
  {
    name: 'diagnosis CONTAINS "cancer"',
    query: lens([group(F.diagnosis, leaf(F.diagnosis, 'CONTAINS', 'Cancer'))]),
  },
  {
    name: 'diagnosis CONTAINS text matching nothing',
    query: lens([group(F.diagnosis, leaf(F.diagnosis, 'CONTAINS', 'zebra'))]),
  },
  {
    name: 'age BETWEEN 50 and 70',
    query: lens([group(F.ageAtDiagnosis, leaf(F.ageAtDiagnosis, 'BETWEEN', { min: 50, max: 70 }))]),
  },
  {
    name: 'age BETWEEN min only',
    query: lens([group(F.ageAtDiagnosis, leaf(F.ageAtDiagnosis, 'BETWEEN', { min: 80 }))]),
  },
  { name: 'age EQUALS 60 (boundary)', query: lens([eq(F.ageAtDiagnosis, 60)]) },
  {
    name: 'age LOWER_THAN 10 (strict)',
    query: lens([group(F.ageAtDiagnosis, leaf(F.ageAtDiagnosis, 'LOWER_THAN', 10))]),
  },
  {
    name: 'age GREATER_THAN 85 (strict)',
    query: lens([group(F.ageAtDiagnosis, leaf(F.ageAtDiagnosis, 'GREATER_THAN', 85))]),
  },
  {
    name: 'age NOT_EQUALS 60',
    query: lens([group(F.ageAtDiagnosis, leaf(F.ageAtDiagnosis, 'NOT_EQUALS', 60))]),
  },
  {
    name: 'age out of range (empty)',
    query: lens([group(F.ageAtDiagnosis, leaf(F.ageAtDiagnosis, 'BETWEEN', { min: 150, max: 200 }))]),
  },
  {
    name: 'year of diagnosis 2015-2020',
    query: lens([group(F.yearOfDiagnosis, leaf(F.yearOfDiagnosis, 'BETWEEN', { min: 2015, max: 2020 }))]),
  },
  { name: 'modality = MR', query: lens([eq(F.modality, MR)]) },
  {
    name: 'modality MR or CT',
    query: lens([group(F.modality, leaf(F.modality, 'EQUALS', MR), leaf(F.modality, 'EQUALS', CT))]),
  },
  { name: 'modality != CT', query: lens([group(F.modality, leaf(F.modality, 'NOT_EQUALS', CT))]) },
  {
    name: 'modality CONTAINS "tomography"',
    query: lens([group(F.modality, leaf(F.modality, 'CONTAINS', 'tomography'))]),
  },
  { name: 'body part = prostate', query: lens([eq(F.bodyPart, PROSTATE)]) },
  {
    name: 'manufacturer IN GE, Philips',
    query: lens([group(F.manufacturer, leaf(F.manufacturer, 'IN', ['birnlex_12833', 'birnlex_3065']))]),
  },
  { name: 'MR of the prostate (same series)', query: lens([eq(F.modality, MR), eq(F.bodyPart, PROSTATE)]) },
  {
    name: 'MG of the breast by Siemens',
    query: lens([eq(F.modality, MG), eq(F.bodyPart, BREAST), eq(F.manufacturer, 'C200140')]),
  },
  {
    name: 'men 50-70 with prostate MR and Gleason >= 7',
    query: lens([
      eq(F.sex, sexCodes.M.code),
      group(F.ageAtDiagnosis, leaf(F.ageAtDiagnosis, 'BETWEEN', { min: 50, max: 70 })),
      eq(F.modality, MR),
      eq(F.bodyPart, PROSTATE),
      group(
        obsKeys.gleason,
        ...['CLIN1026298', 'CLIN1026397', 'CLIN1026497'].map((c) => leaf(obsKeys.gleason, 'EQUALS', H + c)),
      ),
    ]),
  },
  {
    name: 'two rows: lung CT or brain MR',
    query: lens([eq(F.modality, CT), eq(F.bodyPart, LUNG)], [eq(F.modality, MR), eq(F.bodyPart, BRAIN)]),
  },
  {
    name: 'female OR PET (patient or imaging)',
    query: lens([eq(F.sex, sexCodes.F.code)], [eq(F.modality, PT)]),
  },
  {
    name: 'PSA between 4 and 10',
    query: lens([group(obsKeys.psa, leaf(obsKeys.psa, 'BETWEEN', { min: 4, max: 10 }))]),
  },
  {
    name: 'PSA GREATER_THAN given as range',
    query: lens([group(obsKeys.psa, leaf(obsKeys.psa, 'GREATER_THAN', { min: 20 }))]),
  },
  {
    name: 'ER positive and HER2 3+',
    query: lens([eq(obsKeys.er, `${H}COM1001310`), eq(obsKeys.her2, `${H}COM1001882`)]),
  },
  { name: 'Ki-67 LOWER_THAN 20', query: lens([group(obsKeys.ki67, leaf(obsKeys.ki67, 'LOWER_THAN', 20))]) },
  {
    name: 'BI-RADS 4 or 5',
    query: lens([group(obsKeys.birads, leaf(obsKeys.birads, 'IN', [`${H}IMG1005465`, `${H}IMG1005464`]))]),
  },
  { name: 'PI-RADS 5 (own key)', query: lens([eq(obsKeys.pirads, `${H}IMG1005475`)]) },
  { name: 'cT != cT1', query: lens([group(obsKeys.cT, leaf(obsKeys.cT, 'NOT_EQUALS', `${H}COM1000333`))]) },
  {
    name: 'contradiction: male with breast MG and prostate cancer (empty)',
    query: lens([eq(F.sex, sexCodes.F.code), eq(F.diagnosis, cancerTypes.prostate.code)]),
  },
  {
    name: 'nested: (MR and (prostate or pelvis)) or (CT and not lung)',
    query: or(
      and(eq(F.modality, MR), or(eq(F.bodyPart, PROSTATE), eq(F.bodyPart, bodyPartCodes.PELVIS?.code ?? ''))),
      and(eq(F.modality, CT), group(F.bodyPart, leaf(F.bodyPart, 'NOT_EQUALS', LUNG))),
    ),
  },
  {
    name: 'neuroblastoma children under 5 with CT',
    query: lens([
      eq(F.diagnosis, cancerTypes.neuroblastoma.code),
      group(F.ageAtDiagnosis, leaf(F.ageAtDiagnosis, 'LOWER_THAN', 5)),
      eq(F.modality, CT),
    ]),
  },
  { name: 'bare leaf at top level', query: leaf(F.bodyPart, 'EQUALS', bodyPartCodes.LIVER?.code ?? '') },
];
