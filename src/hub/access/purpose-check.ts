/**
 * Does a request's purpose (GA4GH DUO codes) fit each dataset's data-use conditions (DUO codes in
 * its catalogue record)? Pure. Mismatches are warnings for the people deciding, never a refusal:
 * a representative may still approve. The rules follow the DUO definitions:
 * - the primary permission: NRES allows anything; GRU any research (not clinical care); HMB
 *   health/medical/biomedical research, which includes disease-specific research; DS only
 *   disease-specific research; POA only population-origins research; CC only clinical care;
 * - modifiers the requester must meet: NPOA (no ancestry research), NCU/NPU (non-commercial /
 *   not-for-profit use, which the requester declares by listing the same code), IRB (an ethics
 *   approval), TS (use must end by the date given).
 */
import { duoModifiers, duoPermissions } from '../../model/catalogue-codes.js';
import type { DatasetMetadata } from '../../model/dataset-metadata.js';
import type { PurposeWarning } from './access.tables.js';

const NRES = 'DUO:0000004';
const GRU = 'DUO:0000042';
const HMB = 'DUO:0000006';
const DS = 'DUO:0000007';
const POA = 'DUO:0000011';
const CC = 'DUO:0000043';

/** Purposes each dataset permission allows. */
const permits: Record<string, readonly string[]> = {
  [NRES]: [NRES, GRU, HMB, DS, POA, CC],
  [GRU]: [GRU, HMB, DS, POA],
  [HMB]: [HMB, DS],
  [DS]: [DS],
  [POA]: [POA],
  [CC]: [CC],
};

export interface DatasetConditions {
  catalogueEntryId: number;
  slug: string;
  dataUse: DatasetMetadata['dataUse'];
}

export interface RequestedUse {
  purpose: readonly string[];
  ethicsReference: string;
  /** When the access would end (now + requested duration). */
  endsAt: Date;
}

const label = (code: string): string =>
  `${code} (${(duoPermissions as Record<string, string>)[code] ?? (duoModifiers as Record<string, string>)[code] ?? 'unknown'})`;

export function checkPurpose(use: RequestedUse, datasets: readonly DatasetConditions[]): PurposeWarning[] {
  const out: PurposeWarning[] = [];
  for (const d of datasets) {
    const warn = (code: string, message: string) =>
      out.push({
        catalogueEntryId: d.catalogueEntryId,
        slug: d.slug,
        code,
        message: `${d.slug}: ${message}`,
      });
    if (!d.dataUse) continue; // no conditions recorded: nothing to compare
    const { permission, modifiers } = d.dataUse;
    const primary = use.purpose.filter((c) => c in duoPermissions);
    const allowed = permits[permission] ?? [];
    for (const p of primary.filter((c) => !allowed.includes(c))) {
      warn(permission, `the dataset allows ${label(permission)} only; the purpose ${label(p)} is outside it`);
    }
    for (const m of modifiers) {
      switch (m.code) {
        case 'DUO:0000044':
          if (use.purpose.includes(POA)) warn(m.code, `${label(m.code)} forbids the purpose ${label(POA)}`);
          break;
        case 'DUO:0000045':
        case 'DUO:0000046':
          if (!use.purpose.includes(m.code))
            warn(m.code, `the dataset requires ${label(m.code)}: add ${m.code} to the purpose to declare it`);
          break;
        case 'DUO:0000021':
          if (!use.ethicsReference.trim()) warn(m.code, `the dataset requires ${label(m.code)}`);
          break;
        case 'DUO:0000025': {
          const limit = m.value ? new Date(`${m.value}T23:59:59Z`) : undefined;
          if (limit && !Number.isNaN(limit.getTime()) && use.endsAt > limit)
            warn(
              m.code,
              `${label(m.code)}: use must end by ${m.value}; the requested duration goes beyond it`,
            );
          break;
        }
        case 'DUO:0000012':
        case 'DUO:0000015':
        case 'DUO:0000016':
        case 'DUO:0000019':
        case 'DUO:0000020':
        case 'DUO:0000022':
        case 'DUO:0000024':
        case 'DUO:0000026':
        case 'DUO:0000027':
        case 'DUO:0000028':
        case 'DUO:0000029':
          break; // conditions to honour (publication, collaboration…), not a mismatch of purpose
      }
    }
  }
  return out;
}
