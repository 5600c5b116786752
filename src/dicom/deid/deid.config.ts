/**
 * The `deid` section of the configuration: which PS3.15 Annex E options the site applies, the
 * site secret the pseudonyms, UIDs and date shifts derive from, quarantine of burned-in text risk,
 * and the optional pseudonym key table. Read from CIE_DEID_* variables.
 */
import { z } from 'zod';

const bool = z.preprocess(
  (v) => (typeof v === 'string' ? ['1', 'true', 'yes', 'on'].includes(v.toLowerCase()) : v),
  z.boolean(),
);

export const deidOptionNames = [
  'retainLongitudinalModifiedDates',
  'retainPatientCharacteristics',
  'retainDeviceIdentity',
  'retainInstitutionIdentity',
  'cleanDescriptors',
  'retainSafePrivate',
] as const;

export const deidConfigSchema = z
  .object({
    /**
     * Site secret for HMAC-derived UIDs, pseudonyms and date shifts (CIE_DEID_SECRET). Keep it
     * stable (same secret, same outputs) and private (with it, pseudonyms can be recomputed from
     * PatientIDs). Unset: `cie deid` refuses to run.
     */
    secret: z.string().min(16, 'the de-identification secret must have at least 16 characters').optional(),
    /** Prefix of pseudonyms, e.g. the site code (CIE_DEID_SITE_PREFIX): SITE-ABCDEFGHJKLM. */
    sitePrefix: z
      .string()
      .regex(/^[A-Z0-9]{1,16}$/, 'site prefix: 1-16 upper-case letters or digits')
      .default('CIE'),
    /**
     * PS3.15 options on top of the Basic Profile (CIE_DEID_OPTIONS, comma-separated names).
     * Default = what TCIA applies.
     */
    options: z
      .array(z.enum(deidOptionNames))
      .default([
        'retainLongitudinalModifiedDates',
        'retainPatientCharacteristics',
        'cleanDescriptors',
        'retainSafePrivate',
      ]),
    /** Quarantine images at risk of burned-in text instead of writing them (CIE_DEID_QUARANTINE). */
    quarantineBurnedIn: bool.default(true),
    /** Keep a table pseudonym → PatientID, encrypted, at the node (CIE_DEID_KEEP_KEY). Off by default. */
    keepPseudonymKey: bool.default(false),
    /** Passphrase the pseudonym key table is encrypted with (scrypt → AES-256-GCM) (CIE_DEID_KEY_PASSPHRASE). */
    keyPassphrase: z.string().min(12, 'the key passphrase must have at least 12 characters').optional(),
  })
  .refine((d) => !d.keepPseudonymKey || d.keyPassphrase !== undefined, {
    message: 'keepPseudonymKey needs keyPassphrase (CIE_DEID_KEY_PASSPHRASE)',
  });

export type DeidConfig = z.infer<typeof deidConfigSchema>;

export function deidConfigFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    secret: env.CIE_DEID_SECRET || undefined,
    sitePrefix: env.CIE_DEID_SITE_PREFIX || undefined,
    options:
      env.CIE_DEID_OPTIONS !== undefined
        ? env.CIE_DEID_OPTIONS.split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
    quarantineBurnedIn: env.CIE_DEID_QUARANTINE || undefined,
    keepPseudonymKey: env.CIE_DEID_KEEP_KEY || undefined,
    keyPassphrase: env.CIE_DEID_KEY_PASSPHRASE || undefined,
  };
  for (const k of Object.keys(raw)) if (raw[k] === undefined) delete raw[k];
  return raw;
}
