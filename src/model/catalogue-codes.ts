/**
 * Controlled vocabularies of the catalogue (DCAT-AP / HealthDCAT-AP / GA4GH DUO), each code with
 * the IRI it stands for in exported RDF. The imaging codes (modality, body part, sex, diagnosis)
 * are those of `codes.ts`.
 */

/** EU access-right authority table. */
export const accessRightsBase = 'http://publications.europa.eu/resource/authority/access-right/';
export const accessRights = ['PUBLIC', 'RESTRICTED', 'NON_PUBLIC'] as const;
export type AccessRight = (typeof accessRights)[number];

/** Applicable legislation (ELI). */
export const legislation = {
  EHDS: 'http://data.europa.eu/eli/reg/2025/327/oj',
  GDPR: 'http://data.europa.eu/eli/reg/2016/679/oj',
  DGA: 'http://data.europa.eu/eli/reg/2022/868/oj',
  AI_ACT: 'http://data.europa.eu/eli/reg/2024/1689/oj',
} as const;
export type Legislation = keyof typeof legislation;

/** EU data-theme authority table. */
export const dataThemeBase = 'http://publications.europa.eu/resource/authority/data-theme/';
export const dataThemes = [
  'AGRI',
  'ECON',
  'EDUC',
  'ENER',
  'ENVI',
  'GOVE',
  'HEAL',
  'INTR',
  'JUST',
  'OP_DATPRO',
  'REGI',
  'SOCI',
  'TECH',
  'TRAN',
] as const;
export type DataTheme = (typeof dataThemes)[number];

/**
 * HealthDCAT-AP health categories (the EHDS Art. 51 categories of electronic health data for
 * secondary use). The HealthDCAT-AP namespace is provisional; the IRIs follow it.
 */
export const healthCategoryBase = 'http://healthdataportal.eu/ns/health/category#';
export const healthCategories = [
  'EHR',
  'IMAGING',
  'GENETIC',
  'GENOMIC',
  'PROTEOMIC',
  'REGISTRY',
  'CLINICAL_TRIAL',
  'CLAIMS',
  'BIOBANK',
  'SOCIAL',
  'SURVEY',
  'DEVICE',
  'ENVIRONMENTAL',
  'OTHER',
] as const;
export type HealthCategory = (typeof healthCategories)[number];

/** EU dataset-type authority table (a subset fit for health data). */
export const datasetTypeBase = 'http://publications.europa.eu/resource/authority/dataset-type/';
export const datasetTypes = ['PERSONAL_DATA', 'STATISTICAL', 'SYNTHETIC_DATA', 'TEST_DATA'] as const;
export type DatasetType = (typeof datasetTypes)[number];

/** ADMS publisher types. */
export const publisherTypeBase = 'http://purl.org/adms/publishertype/';
export const publisherTypes = [
  'Academia-ScientificOrganisation',
  'Company',
  'Industry',
  'LocalAuthority',
  'NationalAuthority',
  'NonGovernmentalOrganisation',
  'NonProfitOrganisation',
  'RegionalAuthority',
  'SupraNationalAuthority',
] as const;
export type PublisherType = (typeof publisherTypes)[number];

/** EU licence authority table (the licences data holders use for imaging collections). */
export const licenceBase = 'http://publications.europa.eu/resource/authority/licence/';
export const licences = [
  'CC0',
  'CC_BY_4_0',
  'CC_BY_NC_4_0',
  'CC_BY_SA_4_0',
  'CC_BY_NC_SA_4_0',
  'CC_BY_NC_ND_4_0',
  'ODBL',
  'PROPRIETARY',
] as const;
export type Licence = (typeof licences)[number];

/** How a distribution may be used: the EUCAIM access conditions. */
export const accessConditions = ['DOWNLOAD', 'IN_SITU_PROCESSING', 'REMOTE_PROCESSING'] as const;
export type AccessCondition = (typeof accessConditions)[number];

/** GA4GH Data Use Ontology: the primary permission of a dataset. */
export const duoPermissions = {
  'DUO:0000004': 'NRES no restriction',
  'DUO:0000042': 'GRU general research use',
  'DUO:0000006': 'HMB health or medical or biomedical research',
  'DUO:0000007': 'DS disease specific research',
  'DUO:0000011': 'POA population origins or ancestry research only',
  'DUO:0000043': 'CC clinical care use',
} as const;
export type DuoPermission = keyof typeof duoPermissions;

/** GA4GH Data Use Ontology: modifiers that restrict a permission. */
export const duoModifiers = {
  'DUO:0000012': 'RS research specific restrictions',
  'DUO:0000015': 'NMDS no general methods research',
  'DUO:0000016': 'GSO genetic studies only',
  'DUO:0000019': 'PUB publication required',
  'DUO:0000020': 'COL collaboration required',
  'DUO:0000021': 'IRB ethics approval required',
  'DUO:0000022': 'GS geographical restriction',
  'DUO:0000024': 'MOR publication moratorium',
  'DUO:0000025': 'TS time limit on use',
  'DUO:0000026': 'US user specific restriction',
  'DUO:0000027': 'PS project specific restriction',
  'DUO:0000028': 'IS institution specific restriction',
  'DUO:0000029': 'RTN return to database or resource',
  'DUO:0000044': 'NPOA population origins or ancestry research prohibited',
  'DUO:0000045': 'NPU not-for-profit organisation use only',
  'DUO:0000046': 'NCU non-commercial use only',
} as const;
export type DuoModifier = keyof typeof duoModifiers;

export const duoBase = 'http://purl.obolibrary.org/obo/DUO_';
export const duoIri = (code: string): string => `${duoBase}${code.replace(/^DUO:/, '')}`;
export const duoFromIri = (iri: string): string | undefined =>
  iri.startsWith(duoBase) ? `DUO:${iri.slice(duoBase.length)}` : undefined;

/** SNOMED CT codes are written SNOMEDCT<id> in the EUCAIM catalogue; their IRI is snomed.info. */
export const snomedBase = 'http://snomed.info/id/';
export const snomedIri = (code: string): string => `${snomedBase}${code.replace(/^SNOMEDCT/, '')}`;
export const snomedFromIri = (iri: string): string | undefined =>
  iri.startsWith(snomedBase) ? `SNOMEDCT${iri.slice(snomedBase.length)}` : undefined;

/** RadLex terms (modalities). */
export const radlexBase = 'http://radlex.org/RID/';
