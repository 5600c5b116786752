/** Example records for tests, docs and the demo: one NON_PUBLIC imaging dataset, one PUBLIC. */
import type { DatasetMetadataInput } from '../dataset-metadata.js';

export function exampleRecord(overrides: Partial<DatasetMetadataInput> = {}): DatasetMetadataInput {
  return {
    identifier: 'oslo-prostate-mr-2024',
    title: 'Prostate MR, Oslo University Hospital, 2015-2023',
    description:
      'Biparametric prostate MR of men referred for suspected prostate cancer, with PI-RADS and Gleason.',
    version: '1.2',
    publisher: {
      name: 'Oslo University Hospital',
      type: 'NationalAuthority',
      url: 'https://oslo-universitetssykehus.no',
      email: 'data@ous.example.org',
    },
    contactPoint: { name: 'Imaging data desk', email: 'imaging-data@ous.example.org' },
    themes: ['HEAL'],
    healthCategories: ['IMAGING'],
    type: 'PERSONAL_DATA',
    provenance: 'Exported from the hospital PACS, de-identified with the DICOM PS3.15 basic profile.',
    keywords: ['prostate cancer', 'MRI', 'PI-RADS'],
    accessRights: 'NON_PUBLIC',
    applicableLegislation: ['EHDS', 'GDPR'],
    distributions: [
      {
        title: 'Processing inside the node',
        accessCondition: 'IN_SITU_PROCESSING',
        accessUrl: 'https://hub.example.org/dicomweb/oslo-prostate-mr-2024',
        mediaType: 'application/dicom',
      },
    ],
    licence: 'CC_BY_NC_4_0',
    dataUse: {
      permission: 'DUO:0000007',
      disease: 'SNOMEDCT399068003',
      modifiers: [{ code: 'DUO:0000019' }, { code: 'DUO:0000025', value: '2027-12-31' }],
    },
    hdab: {
      name: 'Helsedataservice',
      url: 'https://helsedata.no',
      contactPoint: { name: 'Helsedataservice permits', email: 'permits@helsedata.example.org' },
    },
    project: { name: 'EUCAIM', funding: 'Digital Europe Programme 101100633', url: 'https://cancerimage.eu' },
    issued: '2024-03-01',
    numberOfUniqueIndividuals: 412,
    numberOfRecords: 455,
    minTypicalAge: 44,
    maxTypicalAge: 81,
    sexes: ['M'],
    conditions: ['SNOMEDCT399068003'],
    modalities: ['RID10312'],
    bodyParts: ['SNOMEDCT41216001'],
    manufacturers: ['Siemens Healthineers'],
    ...overrides,
  };
}
