/**
 * The catalogue records of the demo: one dataset per cancer type a site holds, described as a
 * data holder would (title, description, licence, data-use conditions…); the node computes the
 * statistics itself.
 */
import type { DatasetMetadataInput } from '../model/dataset-metadata.js';
import { cancerTypes, type CancerType } from '../model/codes.js';
import type { DemoSite } from './demo-sites.js';

const imaging: Record<CancerType, string> = {
  breast: 'mammography, breast MR and ultrasound',
  colon: 'contrast-enhanced CT of the abdomen',
  lung: 'chest CT and FDG PET/CT',
  prostate: 'biparametric prostate MR',
  rectum: 'pelvic MR and staging CT',
  liver: 'multiphase liver CT and MR',
  glioma: 'brain MR (T1, T2, FLAIR, post-contrast)',
  neuroblastoma: 'paediatric abdominal MR and CT',
  glioblastoma: 'brain MR with perfusion and post-contrast T1',
};

const licenceOf: Record<CancerType, DatasetMetadataInput['licence']> = {
  breast: 'CC_BY_NC_4_0',
  colon: 'CC_BY_4_0',
  lung: 'CC_BY_NC_4_0',
  prostate: 'CC_BY_NC_ND_4_0',
  rectum: 'CC_BY_4_0',
  liver: 'CC_BY_NC_4_0',
  glioma: 'CC_BY_4_0',
  neuroblastoma: 'CC_BY_NC_ND_4_0',
  glioblastoma: 'CC_BY_NC_4_0',
};

export function demoDatasetMetadata(site: DemoSite, type: CancerType, hubUrl: string): DatasetMetadataInput {
  const label = cancerTypes[type].label;
  const identifier = `${site.slug}-${type}`;
  const email = `imaging-data@${site.slug}.example.org`;
  return {
    identifier,
    title: `${label} imaging, ${site.name}`,
    description:
      `De-identified ${imaging[type]} of patients treated for ${label.toLowerCase()} at ${site.name} ` +
      `(${site.city}), with diagnosis, staging and markers from the hospital's registry. Baseline and follow-up studies.`,
    version: '1.0',
    publisher: { name: site.name, type: 'NonProfitOrganisation', email },
    contactPoint: { name: `Imaging data desk, ${site.name}`, email },
    themes: ['HEAL'],
    healthCategories: ['IMAGING'],
    type: 'PERSONAL_DATA',
    provenance:
      'Exported from the hospital PACS and de-identified with the DICOM PS3.15 Basic Profile (TCIA options).',
    keywords: [label.toLowerCase(), ...imaging[type].split(/,\s*| and /).slice(0, 3)],
    accessRights: 'NON_PUBLIC',
    applicableLegislation: ['EHDS', 'GDPR'],
    distributions: [
      {
        title: 'DICOMweb access under an approved grant',
        accessCondition: type === 'neuroblastoma' ? 'IN_SITU_PROCESSING' : 'DOWNLOAD',
        accessUrl: `${hubUrl}/dicomweb/datasets/${identifier}`,
        mediaType: 'application/dicom',
      },
    ],
    licence: licenceOf[type],
    dataUse: {
      permission: type === 'neuroblastoma' ? 'DUO:0000007' : 'DUO:0000006',
      ...(type === 'neuroblastoma' ? { disease: cancerTypes[type].code } : {}),
      modifiers: [{ code: 'DUO:0000019' }, { code: 'DUO:0000046' }],
    },
    hdab: {
      name: `Health Data Access Body (${site.country})`,
      contactPoint: {
        name: 'Permits office',
        email: `permits@hdab-${site.country.toLowerCase()}.example.org`,
      },
    },
    project: { name: 'cie demo federation', funding: 'none (demo data)' },
    issued: '2026-01-15',
  };
}
