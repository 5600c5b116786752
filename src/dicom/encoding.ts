/** DICOM encoding constants the parsers share (PS3.5 §7.5, §10; PS3.6 Annex A). */

/** The uncompressed transfer syntaxes, which decide how a dataset is encoded. */
export const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflatedLE: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
} as const;

/** The length of a sequence or item ended by a delimiter. */
export const UNDEFINED_LENGTH = 0xffffffff;
export const ITEM = 0xfffee000;
export const ITEM_DELIM = 0xfffee00d;
export const SEQ_DELIM = 0xfffee0dd;
export const PIXEL_DATA = 0x7fe00010;
