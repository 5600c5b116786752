/**
 * OUR ADDITIONS to DICOM PS3.15 Table E.1-1 — the one reviewed file for everything the table
 * (table-e1-1.json, copied unchanged) cannot express. Change only with review: every entry here
 * decides whether identifying information leaves the hospital.
 */

/**
 * Retain Safe Private Option: private attributes known to carry no identity, keyed by private
 * creator, then by group, then the element offsets (the low byte, `yy` of `(gggg,xxyy)`) that are
 * safe. Creator elements of a listed block are kept; every other private attribute is removed.
 * Selection follows the TCIA private tag knowledge base for acquisition physics
 * (diffusion b-values and directions, scan parameters needed for quantitative analysis).
 */
export const safePrivateAttributes: Record<string, Record<number, number[]>> = {
  // Siemens MR diffusion: B_value, DiffusionDirectionality, DiffusionGradientDirection, B_matrix.
  'SIEMENS MR HEADER': { 0x0019: [0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x27] },
  // GE: scan pitch / table speed, b-value, slice location fields used by reconstruction tools.
  GEMS_ACQU_01: { 0x0019: [0x23, 0x24, 0x27, 0x9e] },
  GEMS_PARM_01: { 0x0043: [0x27, 0x39] },
  GEMS_SERS_01: { 0x0025: [0x07] },
  // Philips MR: diffusion b-factor and direction, scale slope/intercept for quantitative values.
  'Philips MR Imaging DD 001': { 0x2001: [0x03, 0x04] },
  'Philips MR Imaging DD 005': { 0x2005: [0xb0, 0xb1, 0xb2] },
  'Philips Imaging DD 001': { 0x2005: [0x0e, 0x0f] },
  // Toshiba/Canon CT: orientation and helical pitch.
  TOSHIBA_MEC_CT3: { 0x7005: [0x0b, 0x1e] },
};

/**
 * Tag ranges and groups removed beyond the table's own patterns. Each entry: mask and value
 * over the 32-bit tag; matching non-private attributes that the table does not list are removed
 * (X). (50xx,xxxx) curves, (60xx,3000) overlay data and (60xx,4000) overlay comments are
 * already in the table as patterns and applied from there.
 */
export const removedRanges: { mask: number; value: number; why: string }[] = [
  {
    mask: 0xffff0000,
    value: 0x00100000,
    why: 'Patient group (0010,xxxx): a patient attribute the table does not list may still identify',
  },
  { mask: 0xffff0000, value: 0x00380000, why: 'Visit group (0038,xxxx): admissions, visits, residences' },
  { mask: 0xff00ffff, value: 0x60004000, why: 'Overlay comments (60xx,4000): free text' },
  { mask: 0xff000000, value: 0x50000000, why: 'Curves (50xx,xxxx): retired, may hold text' },
  { mask: 0x0000ffff, value: 0x00000000, why: 'Group lengths (gggg,0000): retired, recomputed if needed' },
];

/**
 * UI attributes the table does not list whose values are never remapped: they name classes,
 * syntaxes and coding schemes, not instances.
 */
export const keepUidTags = new Set<number>([
  0x00020002, // Media Storage SOP Class UID
  0x00020010, // Transfer Syntax UID
  0x00020012, // Implementation Class UID
  0x00080016, // SOP Class UID
  0x0008010c, // Coding Scheme UID
  0x0008010d, // Context Group Extension Creator UID
  0x00081150, // Referenced SOP Class UID
  0x0008001a, // Related General SOP Class UID
  0x0008001b, // Original Specialized SOP Class UID
  0x00040510, // Referenced SOP Class UID in File
  0x00041511, // Referenced Related General SOP Class UID in File
]);

/** UID roots that belong to registries, never to patients: kept as they are wherever they occur. */
export const wellKnownUidRoots = [
  '1.2.840.10008.', // DICOM registry: SOP classes, transfer syntaxes, coding schemes, frames of reference
  '2.16.840.1.113883.', // HL7 OIDs: SNOMED CT, LOINC, UCUM coding schemes
  '2.16.840.1.113669.', // IHE
];

/**
 * Clean Descriptors and Clean (C) in general, for free text: besides every name and identifier
 * found in the same file's headers, these patterns are removed.
 */
export const cleanTextPatterns: { pattern: RegExp; why: string }[] = [
  { pattern: /\b\d{1,2}[./-]\d{1,2}[./-](\d{4}|\d{2})\b/g, why: 'dates written by people' },
  { pattern: /\b(19|20)\d{2}[-/.]?(0[1-9]|1[0-2])[-/.]?(0[1-9]|[12]\d|3[01])\b/g, why: 'ISO-like dates' },
  { pattern: /\+?\(?\d{2,4}\)?[ -]?\d{3,4}[ -]?\d{3,4}\b/g, why: 'telephone numbers' },
  { pattern: /[\w.+-]+@[\w-]+\.[\w.-]+/g, why: 'e-mail addresses' },
];

/**
 * Beyond the table: with Clean Descriptors on, free text the table keeps implicitly (LO, LT, ST,
 * UT, UC, SH attributes it does not list, e.g. Code Meaning or Text Value inside kept sequences)
 * is scrubbed of the names and identifiers found in the same file (not of the patterns above, to
 * leave coded values intact). Person names (PN) the table does not list get a dummy value.
 */
export const scrubUnlistedText = true;

/** Minimum length of a name fragment taken from the headers to be removed from free text. */
export const minNameTokenLength = 2;

/**
 * Modalities and SOP classes whose pixels are likely to carry burned-in identifying text even when
 * BurnedInAnnotation is absent: quarantined unless the site configures otherwise.
 */
export const burnedInRisk = {
  modalities: new Set(['US', 'SC', 'OT', 'XC', 'DOC', 'ES', 'GM', 'SM']),
  sopClassPrefixes: [
    '1.2.840.10008.5.1.4.1.1.7', // Secondary Capture family (incl. multi-frame SC)
    '1.2.840.10008.5.1.4.1.1.6.1', // Ultrasound Image
    '1.2.840.10008.5.1.4.1.1.3.1', // Ultrasound Multi-frame
    '1.2.840.10008.5.1.4.1.1.104.1', // Encapsulated PDF
    '1.2.840.10008.5.1.4.1.1.104.2', // Encapsulated CDA
    '1.2.840.10008.5.1.4.1.1.77.1.1', // VL Endoscopic (video frames with overlays)
    '1.2.840.10008.5.1.4.1.1.77.1.4', // VL Photographic
  ],
  imageTypeWords: ['SCREEN', 'SCREENSHOT', 'SCREEN SAVE'],
};
