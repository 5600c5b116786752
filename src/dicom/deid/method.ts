/** How a de-identification is recorded in the output: CID 7050 codes and the method text. */
import type { DeidOptions } from './profile.js';

export interface MethodCode {
  value: string;
  meaning: string;
}

const optionCodes: { option: keyof DeidOptions; code: MethodCode }[] = [
  {
    option: 'retainLongitudinalModifiedDates',
    code: { value: '113107', meaning: 'Retain Longitudinal Temporal Information Modified Dates Option' },
  },
  {
    option: 'retainPatientCharacteristics',
    code: { value: '113108', meaning: 'Retain Patient Characteristics Option' },
  },
  { option: 'retainDeviceIdentity', code: { value: '113109', meaning: 'Retain Device Identity Option' } },
  {
    option: 'retainInstitutionIdentity',
    code: { value: '113112', meaning: 'Retain Institution Identity Option' },
  },
  { option: 'cleanDescriptors', code: { value: '113105', meaning: 'Clean Descriptors Option' } },
  { option: 'retainSafePrivate', code: { value: '113111', meaning: 'Retain Safe Private Option' } },
];

const basic: MethodCode = { value: '113100', meaning: 'Basic Application Confidentiality Profile' };

/** DeidentificationMethodCodeSequence content: Basic Profile, then each selected option. */
export function methodCodes(options: DeidOptions): MethodCode[] {
  return [basic, ...optionCodes.filter((o) => options[o.option]).map((o) => o.code)];
}

/** DeidentificationMethod (LO, one value per line of ≤ 64 characters). */
export function methodText(options: DeidOptions): string[] {
  return [
    'CIE PS3.15 E.1-1',
    ...methodCodes(options).map((c) => c.meaning.replace(/ Option$/, '').slice(0, 64)),
  ];
}
