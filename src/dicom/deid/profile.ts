/**
 * The de-identification profile: DICOM PS3.15 Table E.1-1 (table-e1-1.json, unchanged) with the
 * options a site selects, compiled once into a lookup from tag to action.
 */
import { createRequire } from 'node:module';
import { removedRanges } from './profile-additions.js';

/** The options of PS3.15 Annex E a site can select (Basic Profile always applies). */
export interface DeidOptions {
  /** Retain Longitudinal Temporal Information with Modified Dates (113107): shift dates. */
  retainLongitudinalModifiedDates: boolean;
  /** Retain Patient Characteristics (113108): sex, age, size, weight, smoking, pregnancy… */
  retainPatientCharacteristics: boolean;
  /** Retain Device Identity (113109): station name, serial numbers… */
  retainDeviceIdentity: boolean;
  /** Retain Institution Identity (113112): institution name, address, department. */
  retainInstitutionIdentity: boolean;
  /** Clean Descriptors (113105): keep descriptions after removing identifying text. */
  cleanDescriptors: boolean;
  /** Retain Safe Private (113111): keep private attributes on the safe list. */
  retainSafePrivate: boolean;
}

/** What TCIA applies: Basic + modified dates + patient characteristics + clean descriptors + safe private. */
export const tciaOptions: DeidOptions = {
  retainLongitudinalModifiedDates: true,
  retainPatientCharacteristics: true,
  retainDeviceIdentity: false,
  retainInstitutionIdentity: false,
  cleanDescriptors: true,
  retainSafePrivate: true,
};

interface TableEntry {
  name: string;
  tag: string;
  basicProfile: string;
  cleanDescOpt?: string;
  rtnLongModifDatesOpt?: string;
  rtnPatCharsOpt?: string;
  rtnDevIdOpt?: string;
  rtnInstIdOpt?: string;
  rtnSafePrivOpt?: string;
}

const table = createRequire(import.meta.url)('./table-e1-1.json') as TableEntry[];

/** Why a C (clean) applies: dates are shifted, text is cleaned. */
export type CleanKind = 'shift' | 'clean';

export interface Rule {
  /** Table action after options: D, Z, X, K, C, U or a combination such as X/Z/D. */
  action: string;
  clean: CleanKind;
  name: string;
  /** The Basic Profile action, which decides what an attribute cleaned to nothing becomes. */
  basic: string;
}

interface PatternRule extends Rule {
  mask: number;
  value: number;
}

export interface CompiledProfile {
  options: DeidOptions;
  rules: Map<number, Rule>;
  patterns: PatternRule[];
}

const optionColumns: { option: keyof DeidOptions; column: keyof TableEntry; clean: CleanKind }[] = [
  { option: 'cleanDescriptors', column: 'cleanDescOpt', clean: 'clean' },
  { option: 'retainPatientCharacteristics', column: 'rtnPatCharsOpt', clean: 'clean' },
  { option: 'retainDeviceIdentity', column: 'rtnDevIdOpt', clean: 'clean' },
  { option: 'retainInstitutionIdentity', column: 'rtnInstIdOpt', clean: 'clean' },
  { option: 'retainLongitudinalModifiedDates', column: 'rtnLongModifDatesOpt', clean: 'shift' },
];

/**
 * Apply the selected options to one table row. Where several selected options act on the same
 * attribute, retaining (K) wins over cleaning (C), which wins over the Basic Profile action.
 */
function resolve(entry: TableEntry, options: DeidOptions): Rule {
  let action = entry.basicProfile;
  let clean: CleanKind = 'clean';
  for (const { option, column, clean: kind } of optionColumns) {
    const v = entry[column];
    if (!options[option] || (v !== 'K' && v !== 'C')) continue;
    if (v === 'K') {
      action = 'K';
      break;
    }
    if (action !== 'C') {
      action = 'C';
      clean = kind;
    }
  }
  return { action, clean, name: entry.name, basic: entry.basicProfile };
}

/** Parse "(50XX,XXXX)" into a mask/value pair; plain tags give a full mask. */
function tagPattern(tag: string): { mask: number; value: number } | undefined {
  const m = /^\(([0-9A-FX]{4}),([0-9A-FX]{4})\)$/i.exec(tag.trim());
  if (!m) return undefined;
  const hex = `${m[1]}${m[2]}`.toUpperCase();
  let mask = 0;
  let value = 0;
  for (const ch of hex) {
    mask = mask * 16 + (ch === 'X' ? 0 : 15);
    value = value * 16 + (ch === 'X' ? 0 : parseInt(ch, 16));
  }
  return { mask: mask >>> 0, value: value >>> 0 };
}

export function compileProfile(options: DeidOptions): CompiledProfile {
  const rules = new Map<number, Rule>();
  const patterns: PatternRule[] = [];
  for (const entry of table) {
    const p = tagPattern(entry.tag);
    if (!p) continue; // "(GGGG,EEEE) WHERE GGGG IS ODD": private attributes, handled by the engine
    const rule = resolve(entry, options);
    if (p.mask === 0xffffffff) rules.set(p.value, rule);
    else patterns.push({ ...rule, ...p });
  }
  for (const r of removedRanges)
    patterns.push({ action: 'X', clean: 'clean', name: r.why, basic: 'X', mask: r.mask, value: r.value });
  return { options, rules, patterns };
}

/** The rule for a standard (even-group) tag, or undefined when the table keeps it implicitly. */
export function ruleFor(profile: CompiledProfile, tag: number): Rule | undefined {
  const r = profile.rules.get(tag);
  if (r) return r;
  for (const p of profile.patterns) if ((tag & p.mask) >>> 0 === p.value) return p;
  return undefined;
}

/** Every plain tag the table lists, for tests and the PHI scan. */
export function tableTags(): { tag: number; name: string; basicProfile: string }[] {
  const out: { tag: number; name: string; basicProfile: string }[] = [];
  for (const e of table) {
    const p = tagPattern(e.tag);
    if (p && p.mask === 0xffffffff) out.push({ tag: p.value, name: e.name, basicProfile: e.basicProfile });
  }
  return out;
}
