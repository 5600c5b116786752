import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bodyPartFromDicom,
  cancerTypes,
  manufacturerFromDicom,
  modalityFromDicom,
  type CancerType,
} from '../../model/codes.js';
import { clinicalKeys } from './clinical.js';
import { countInstances, planCorpus, type PatientPlan } from './plan.js';

const patients = planCorpus({ site: 'DIST', seed: 99 }, { patients: 600 });
const byType = (t: CancerType) => patients.filter((p) => p.cancerType === t);
const seriesOf = (ps: PatientPlan[]) => ps.flatMap((p) => p.studies.flatMap((st) => st.series));

test('every cancer type is present, in plausible shares', () => {
  for (const t of Object.keys(cancerTypes) as CancerType[]) {
    const share = byType(t).length / patients.length;
    assert.ok(share > 0.03 && share < 0.3, `${t}: ${share}`);
  }
});

test('sex and age fit the disease', () => {
  assert.ok(byType('prostate').every((p) => p.sex === 'M'));
  const breast = byType('breast');
  assert.ok(breast.filter((p) => p.sex === 'F').length / breast.length > 0.95);
  const nb = byType('neuroblastoma');
  assert.ok(nb.every((p) => p.ageAtDiagnosis >= 0 && p.ageAtDiagnosis <= 10));
  assert.ok(nb.filter((p) => p.ageAtDiagnosis <= 2).length / nb.length > 0.5);
  const adults = patients.filter((p) => p.cancerType !== 'neuroblastoma');
  assert.ok(adults.every((p) => p.ageAtDiagnosis >= 18 && p.ageAtDiagnosis <= 95));
  const mean = (ps: PatientPlan[]) => ps.reduce((s, p) => s + p.ageAtDiagnosis, 0) / ps.length;
  assert.ok(mean(byType('prostate')) > 60 && mean(byType('glioma')) < mean(byType('glioblastoma')));
  for (const p of patients) {
    assert.ok(p.studies.length >= 2, `${p.pseudonym} has a baseline and at least one follow-up`);
    const first = p.studies[0]!.isoDate;
    const last = p.studies[p.studies.length - 1]!.isoDate;
    assert.ok(first < last);
  }
});

test('imaging fits the disease', () => {
  const bodyParts = (t: CancerType) => new Set(seriesOf(byType(t)).map((s) => s.template.bodyPart));
  const modalities = (t: CancerType) => new Set(seriesOf(byType(t)).map((s) => s.template.modality));
  assert.deepEqual(modalities('breast'), new Set(['MG', 'MR', 'US']));
  assert.deepEqual(modalities('lung'), new Set(['CT', 'PT']));
  assert.deepEqual(modalities('prostate'), new Set(['MR', 'CT']));
  assert.deepEqual(modalities('glioma'), new Set(['MR']));
  assert.deepEqual(bodyParts('glioblastoma'), new Set(['BRAIN']));
  assert.deepEqual(bodyParts('prostate'), new Set(['PROSTATE', 'PELVIS']));
  assert.ok(bodyParts('neuroblastoma').has('ADRENAL'));
  assert.ok(bodyParts('liver').has('LIVER'));
  assert.ok(bodyParts('colon').has('COLON'));
  assert.ok(bodyParts('rectum').has('RECTUM'));
  for (const s of seriesOf(patients)) {
    assert.ok(bodyPartFromDicom(s.template.bodyPart), `${s.template.bodyPart} maps to a code`);
    assert.ok(modalityFromDicom(s.template.modality), `${s.template.modality} maps to a code`);
    assert.ok(manufacturerFromDicom(s.scanner.manufacturer), `${s.scanner.manufacturer} maps to a code`);
  }
  // A site has a small fleet: a few machines per kind, not one per study.
  assert.ok(new Set(seriesOf(patients).map((s) => s.scanner.model)).size <= 10);
});

test('clinical values only where they make sense', () => {
  const breastKeys = [
    clinicalKeys.estrogenReceptor,
    clinicalKeys.progesteroneReceptor,
    clinicalKeys.her2,
    clinicalKeys.ki67,
    clinicalKeys.biRads,
  ];
  const prostateKeys = [clinicalKeys.gleason, clinicalKeys.isup, clinicalKeys.psa, clinicalKeys.piRads];
  for (const p of patients) {
    const keys = Object.keys(p.clinical);
    const has = (k: string) => keys.includes(k);
    if (p.cancerType === 'breast') assert.ok(breastKeys.every(has));
    else assert.ok(!breastKeys.some(has), `${p.cancerType} has no breast markers`);
    if (p.cancerType === 'prostate') {
      assert.ok(prostateKeys.every(has));
      const psa = p.clinical[clinicalKeys.psa];
      assert.ok(typeof psa === 'number' && psa > 0);
      assert.match(String(p.clinical[clinicalKeys.piRads]), /^EUCAIM_Hyper-Ontology_V1\.0\.IMG100547[5-9]$/);
    } else assert.ok(!prostateKeys.some(has));
    if (['glioma', 'glioblastoma', 'neuroblastoma'].includes(p.cancerType)) assert.deepEqual(keys, []);
    else assert.ok(has(clinicalKeys.cT) && has(clinicalKeys.cN));
  }
  // Gleason 6 is always ISUP grade group 1.
  const g6 = 'EUCAIM_Hyper-Ontology_V1.0.CLIN1026200';
  for (const p of byType('prostate').filter((x) => x.clinical[clinicalKeys.gleason] === g6)) {
    assert.equal(p.clinical[clinicalKeys.isup], 'EUCAIM_Hyper-Ontology_V1.0.COM1001362');
  }
});

test('--instances picks the patient count nearest the target', () => {
  for (const target of [500, 5000, 20000]) {
    const plan = planCorpus({ site: 'DIST', seed: 99 }, { instances: target });
    const total = plan.reduce((n, p) => n + countInstances(p), 0);
    const perPatient = total / plan.length;
    assert.ok(Math.abs(total - target) <= perPatient * 2, `${target}: ${total}`);
    assert.deepEqual(
      plan.map((p) => p.studies[0]!.uid),
      patients.slice(0, plan.length).map((p) => p.studies[0]!.uid),
    );
  }
});
