/**
 * Burned-in text risk: header metadata cannot remove text drawn into pixels, so images that say
 * they carry it, and modalities/SOP classes known to (ultrasound, secondary capture, screenshots),
 * are flagged for quarantine.
 */
import { getString, type ParsedFile } from './parse.js';
import { burnedInRisk } from './profile-additions.js';

/** Reasons this file's pixels may show identifying text; empty when none is known. */
export function assessBurnedInRisk(file: ParsedFile): string[] {
  const reasons: string[] = [];
  const burned = (getString(file, 0x00280301) ?? '').toUpperCase();
  if (burned === 'YES') reasons.push('BurnedInAnnotation is YES');
  const modality = (getString(file, 0x00080060) ?? '').toUpperCase();
  if (burnedInRisk.modalities.has(modality))
    reasons.push(`modality ${modality} often carries burned-in text`);
  const sopClass = getString(file, 0x00080016) ?? '';
  const prefix = burnedInRisk.sopClassPrefixes.find((p) => sopClass === p || sopClass.startsWith(`${p}.`));
  if (prefix) reasons.push(`SOP class ${sopClass} often carries burned-in text`);
  const imageType = (getString(file, 0x00080008) ?? '').toUpperCase().split('\\');
  const word = burnedInRisk.imageTypeWords.find((w) => imageType.includes(w));
  if (word) reasons.push(`ImageType contains ${word}`);
  // A file explicitly marked NO, with no other reason, is trusted.
  return reasons;
}
