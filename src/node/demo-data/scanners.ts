/**
 * The scanners of a site: each site owns a small, fixed fleet (per scanner kind, two machines of
 * different makers), chosen from the site name and seed, so that one hospital's studies come from
 * the same few machines as they would in reality.
 */
import { Rng } from './rng.js';
import type { ScannerKind } from './protocols.js';

export interface Scanner {
  /** Manufacturer (0008,0070) as the machine writes it. */
  manufacturer: string;
  /** ManufacturerModelName (0008,1090). */
  model: string;
  softwareVersion: string;
  /** Tesla, for MR. */
  fieldStrength?: number;
}

const catalogue: Record<ScannerKind, readonly Scanner[]> = {
  CT: [
    { manufacturer: 'SIEMENS', model: 'SOMATOM Definition AS', softwareVersion: 'syngo CT VA48A' },
    { manufacturer: 'Siemens Healthineers', model: 'SOMATOM Force', softwareVersion: 'syngo CT VB20A' },
    { manufacturer: 'GE MEDICAL SYSTEMS', model: 'Revolution CT', softwareVersion: 'revo_ct_22bc.50' },
    { manufacturer: 'GE MEDICAL SYSTEMS', model: 'LightSpeed VCT', softwareVersion: 'LightSpeedverrel' },
    { manufacturer: 'Philips', model: 'iCT 256', softwareVersion: '4.1.6' },
    { manufacturer: 'TOSHIBA', model: 'Aquilion ONE', softwareVersion: 'V6.00ER010' },
  ],
  MR: [
    { manufacturer: 'SIEMENS', model: 'MAGNETOM Skyra', softwareVersion: 'syngo MR E11', fieldStrength: 3 },
    { manufacturer: 'SIEMENS', model: 'MAGNETOM Aera', softwareVersion: 'syngo MR E11', fieldStrength: 1.5 },
    {
      manufacturer: 'Siemens Healthineers',
      model: 'MAGNETOM Vida',
      softwareVersion: 'syngo MR XA31',
      fieldStrength: 3,
    },
    {
      manufacturer: 'GE MEDICAL SYSTEMS',
      model: 'SIGNA Premier',
      softwareVersion: '29\\LX\\MR',
      fieldStrength: 3,
    },
    {
      manufacturer: 'GE MEDICAL SYSTEMS',
      model: 'Optima MR450w',
      softwareVersion: '25\\LX\\MR',
      fieldStrength: 1.5,
    },
    { manufacturer: 'Philips', model: 'Ingenia', softwareVersion: '5.7.1', fieldStrength: 3 },
    { manufacturer: 'Philips', model: 'Achieva', softwareVersion: '5.1.7', fieldStrength: 1.5 },
    { manufacturer: 'TOSHIBA', model: 'Vantage Titan', softwareVersion: 'V4.51ER001', fieldStrength: 1.5 },
  ],
  PETCT: [
    { manufacturer: 'SIEMENS', model: 'Biograph mCT', softwareVersion: 'VG60A' },
    { manufacturer: 'GE MEDICAL SYSTEMS', model: 'Discovery MI', softwareVersion: 'pet_coreload.46' },
    { manufacturer: 'Philips', model: 'Vereos PET/CT', softwareVersion: '2.0.1' },
    { manufacturer: 'TOSHIBA', model: 'Celesteion', softwareVersion: 'V6.4' },
  ],
  MG: [
    { manufacturer: 'SIEMENS', model: 'MAMMOMAT Revelation', softwareVersion: 'VB10' },
    { manufacturer: 'GE MEDICAL SYSTEMS', model: 'Senographe Pristina', softwareVersion: 'ADS_56.30' },
    { manufacturer: 'Philips', model: 'MicroDose SI', softwareVersion: '9.0.1' },
  ],
  US: [
    { manufacturer: 'SIEMENS', model: 'ACUSON S2000', softwareVersion: 'VC30' },
    { manufacturer: 'GE MEDICAL SYSTEMS', model: 'LOGIQ E9', softwareVersion: 'R6.1.5' },
    { manufacturer: 'Philips', model: 'EPIQ 7G', softwareVersion: '7.0.5' },
    { manufacturer: 'TOSHIBA', model: 'Aplio 500', softwareVersion: 'V6.0' },
  ],
};

const kinds: readonly ScannerKind[] = ['CT', 'MR', 'PETCT', 'MG', 'US'];

/** Software versions are multi-valued in DICOM; GE's backslashes separate values. */
export function softwareVersions(s: Scanner): string[] {
  return s.softwareVersion.split('\\');
}

export type Fleet = Record<ScannerKind, readonly Scanner[]>;

/** Two machines of different makers per scanner kind, fixed for (site, seed). */
export function siteFleet(site: string, seed: number): Fleet {
  const fleet = {} as Record<ScannerKind, Scanner[]>;
  for (const kind of kinds) {
    const rng = new Rng(seed, 'fleet', site, kind);
    const shuffled = rng.shuffle(catalogue[kind]);
    const first = shuffled[0]!;
    const second = shuffled.find((s) => s.manufacturer !== first.manufacturer) ?? first;
    fleet[kind] = [first, second];
  }
  return fleet;
}
