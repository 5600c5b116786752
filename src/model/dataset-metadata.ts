/**
 * The catalogue record of a dataset: the fields of EUCAIM DCAT-AP v2 / HealthDCAT-AP. Descriptive
 * fields are written by the data holder; the statistics (numbers, ages, sexes, conditions,
 * modalities, body parts, manufacturers) are computed by the node from its index. Every write
 * goes through `parseDatasetMetadata`, which names the offending field in its error.
 */
import { z } from 'zod';
import { CieError } from '../errors.js';
import {
  accessConditions,
  accessRights,
  dataThemes,
  datasetTypes,
  duoModifiers,
  duoPermissions,
  healthCategories,
  legislation,
  licences,
  publisherTypes,
  type DuoModifier,
  type DuoPermission,
  type Legislation,
} from './catalogue-codes.js';
import { bodyPartCodes, modalityCodes, sexCodes, type SexLetter } from './codes.js';
import { validIri } from './iri.js';

const text = z.string().trim().min(1, 'must not be empty');
// WHATWG URL parsing accepts spaces and `>`; the RDF exports need a strict IRI (src/model/iri.ts).
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).check(validIri);
const email = z.email({ error: 'must be an e-mail address' });
const count = z.number().int().min(0);

const knownModalities = new Set(Object.values(modalityCodes).map((c) => c.code));
const knownBodyParts = new Set(Object.values(bodyPartCodes).map((c) => c.code));
const sexLetters = Object.keys(sexCodes) as [SexLetter, ...SexLetter[]];
const legislationKeys = Object.keys(legislation) as [Legislation, ...Legislation[]];
const duoPermissionKeys = Object.keys(duoPermissions) as [DuoPermission, ...DuoPermission[]];
const duoModifierKeys = Object.keys(duoModifiers) as [DuoModifier, ...DuoModifier[]];

const snomedCode = z
  .string()
  .regex(/^SNOMEDCT\d{6,18}$/, 'must be a SNOMED CT code written SNOMEDCT<digits>');

const agentSchema = z.object({
  name: text,
  email: email.optional(),
  url: httpUrl.optional(),
});

export const contactPointSchema = z
  .object({ name: text, email: email.optional(), url: httpUrl.optional() })
  .refine((c) => c.email !== undefined || c.url !== undefined, {
    message: 'a contact point needs an email or a url',
    path: ['email'],
  });

export const distributionSchema = z.object({
  title: text.optional(),
  accessCondition: z.enum(accessConditions),
  accessUrl: httpUrl,
  /** IANA media type of what the access URL serves, e.g. application/dicom. */
  mediaType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type like application/dicom')
    .optional(),
});

export const dataUseSchema = z
  .object({
    permission: z.enum(duoPermissionKeys, { error: `must be one of ${duoPermissionKeys.join(', ')}` }),
    /** For DUO:0000007 (disease specific research): the disease, as a SNOMED CT code. */
    disease: snomedCode.optional(),
    modifiers: z
      .array(
        z.object({
          code: z.enum(duoModifierKeys, { error: `must be one of ${duoModifierKeys.join(', ')}` }),
          /** Parameter of the modifier: a date for time limits and moratoria, a country… */
          value: text.optional(),
        }),
      )
      .default([]),
  })
  .refine((d) => d.permission !== 'DUO:0000007' || d.disease !== undefined, {
    message: 'DUO:0000007 (disease specific research) needs a disease code',
    path: ['disease'],
  });

/** What the node computes from its index. */
export const datasetStatsSchema = z.object({
  numberOfUniqueIndividuals: count,
  numberOfRecords: count,
  minTypicalAge: count.optional(),
  maxTypicalAge: count.optional(),
  sexes: z.array(z.enum(sexLetters)).default([]),
  conditions: z.array(snomedCode).default([]),
  modalities: z
    .array(z.string().refine((c) => knownModalities.has(c), { error: 'is not a known RadLex modality code' }))
    .default([]),
  bodyParts: z
    .array(
      z.string().refine((c) => knownBodyParts.has(c), { error: 'is not a known SNOMED CT body part code' }),
    )
    .default([]),
  manufacturers: z.array(text).default([]),
});

export const datasetMetadataSchema = z
  .object({
    identifier: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1-128 letters, digits, dot, dash or underscore'),
    title: text.max(300),
    description: text.max(20000),
    version: text.max(50).default('1.0'),
    publisher: agentSchema.extend({ type: z.enum(publisherTypes).optional() }),
    contactPoint: contactPointSchema,
    themes: z.array(z.enum(dataThemes)).min(1, 'needs at least one theme').default(['HEAL']),
    healthCategories: z
      .array(z.enum(healthCategories))
      .min(1, 'needs at least one health category')
      .default(['IMAGING']),
    type: z.enum(datasetTypes).default('PERSONAL_DATA'),
    provenance: text,
    keywords: z.array(text).min(1, 'needs at least one keyword'),
    accessRights: z.enum(accessRights),
    applicableLegislation: z.array(z.enum(legislationKeys)).min(1).default(['EHDS', 'GDPR']),
    distributions: z.array(distributionSchema).min(1, 'needs at least one distribution'),
    licence: z.enum(licences),
    /** GA4GH DUO data-use conditions (EUCAIM); records harvested from elsewhere may lack them. */
    dataUse: dataUseSchema.optional(),
    /** The Health Data Access Body responsible for permits; required for NON_PUBLIC datasets. */
    hdab: agentSchema.extend({ contactPoint: contactPointSchema }).optional(),
    project: z.object({ name: text, funding: text.optional(), url: httpUrl.optional() }).optional(),
    landingPage: httpUrl.optional(),
    issued: z.iso.date().optional(),
    modified: z.iso.date().optional(),
  })
  .extend(datasetStatsSchema.partial().shape)
  .superRefine((m, ctx) => {
    if (m.accessRights === 'NON_PUBLIC' && !m.hdab) {
      ctx.addIssue({
        code: 'custom',
        path: ['hdab'],
        message: 'is required for NON_PUBLIC datasets (HealthDCAT-AP)',
      });
    }
    if (m.minTypicalAge !== undefined && m.maxTypicalAge !== undefined && m.minTypicalAge > m.maxTypicalAge) {
      ctx.addIssue({ code: 'custom', path: ['minTypicalAge'], message: 'must not exceed maxTypicalAge' });
    }
  });

export type DatasetMetadata = z.output<typeof datasetMetadataSchema>;
export type DatasetMetadataInput = z.input<typeof datasetMetadataSchema>;
export type DatasetStats = z.output<typeof datasetStatsSchema>;
export type Distribution = z.output<typeof distributionSchema>;

function fail(what: string, error: z.ZodError): never {
  const issues = error.issues.map((i) => ({
    path: jsonPath(i.path),
    message: /received undefined$/.test(i.message) ? 'is required' : i.message,
  }));
  const text = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new CieError('VALIDATION_FAILED', `invalid ${what}: ${text}`, { issues });
}

/** `$.distributions[0].accessUrl` from a zod issue path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${String(k)}`), '$');
}

/** Validate a catalogue record; throws VALIDATION_FAILED naming each bad field by its JSON path. */
export function parseDatasetMetadata(input: unknown, what = 'dataset metadata'): DatasetMetadata {
  const r = datasetMetadataSchema.safeParse(input);
  if (!r.success) fail(what, r.error);
  return r.data;
}

export function parseDatasetStats(input: unknown): DatasetStats {
  const r = datasetStatsSchema.safeParse(input);
  if (!r.success) fail('dataset statistics', r.error);
  return r.data;
}

const byText = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/**
 * The record with its set-valued fields in a stable order: RDF has no order, so two records are
 * the same when their canonical forms are deep-equal (harvest change detection, round trips).
 */
export function canonicalRecord(m: DatasetMetadata): DatasetMetadata {
  const sorted = <T extends string>(v: T[] | undefined): T[] | undefined => (v ? [...v].sort(byText) : v);
  const out: DatasetMetadata = {
    ...m,
    keywords: [...m.keywords].sort(byText),
    themes: [...m.themes].sort(byText),
    healthCategories: [...m.healthCategories].sort(byText),
    applicableLegislation: [...m.applicableLegislation].sort(byText),
    ...(m.dataUse
      ? {
          dataUse: {
            ...m.dataUse,
            modifiers: [...m.dataUse.modifiers].sort((a, b) => byText(a.code, b.code)),
          },
        }
      : {}),
  };
  for (const k of ['sexes', 'conditions', 'modalities', 'bodyParts', 'manufacturers'] as const) {
    const v = sorted<string>(m[k]);
    if (v) (out as Record<string, unknown>)[k] = v;
  }
  // Absent and undefined are the same field: compare what JSON would store.
  return JSON.parse(JSON.stringify(out)) as DatasetMetadata;
}
