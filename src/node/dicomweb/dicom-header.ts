/**
 * Reading the index attributes of a DICOM Part 10 file header (never the pixel data) with
 * dicom-parser. Numeric text (IS/DS) goes through intString/floatString: uint16() on text is garbage.
 */
import dicomParser from 'dicom-parser';
import { CieError, errorMessage } from '../../errors.js';
import { isUid } from './uid.js';

export interface DicomHeader {
  transferSyntaxUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
  studyUid: string;
  seriesUid: string;
  patientId: string;
  patientSex: string | undefined;
  patientBirthDate: string | undefined;
  studyDate: string | undefined;
  studyTime: string | undefined;
  studyDescription: string | undefined;
  studyId: string | undefined;
  accessionNumber: string | undefined;
  referringPhysician: string | undefined;
  modality: string | undefined;
  bodyPart: string | undefined;
  manufacturer: string | undefined;
  model: string | undefined;
  seriesDescription: string | undefined;
  seriesNumber: number | undefined;
  sliceThickness: number | undefined;
  instanceNumber: number | undefined;
  rows: number | undefined;
  columns: number | undefined;
  frames: number | undefined;
}

/** Parse the header of a Part 10 file held in memory; throws DICOM_INVALID with the reason. */
export function readDicomHeader(bytes: Uint8Array): DicomHeader {
  let ds: dicomParser.DataSet;
  try {
    ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  } catch (err) {
    const reason = typeof err === 'string' ? err : errorMessage(err);
    throw new CieError('DICOM_INVALID', `not a readable DICOM Part 10 file: ${reason}`);
  }
  const str = (tag: string): string | undefined => {
    const v = ds.string(tag)?.trim();
    return v ? v : undefined;
  };
  const uid = (tag: string, name: string): string => {
    const v = str(tag)?.replace(/\0/g, '');
    if (!v) throw new CieError('DICOM_INVALID', `the file has no ${name}`);
    if (!isUid(v)) throw new CieError('DICOM_INVALID', `the file's ${name} "${v}" is not a valid UID`);
    return v;
  };
  const int = (tag: string): number | undefined => {
    if (!ds.elements[tag]) return undefined;
    const v = ds.intString(tag);
    return v !== undefined && Number.isFinite(v) ? v : undefined;
  };
  const us = (tag: string): number | undefined => (ds.elements[tag] ? ds.uint16(tag) : undefined);
  const ts = str('x00020010');
  if (!ts)
    throw new CieError('DICOM_INVALID', 'the file has no Transfer Syntax UID (0002,0010) in its meta header');
  const thickness = ds.elements.x00180050 ? ds.floatString('x00180050') : undefined;
  return {
    transferSyntaxUid: ts.replace(/\0/g, ''),
    sopClassUid: uid('x00080016', 'SOP Class UID (0008,0016)'),
    sopInstanceUid: uid('x00080018', 'SOP Instance UID (0008,0018)'),
    studyUid: uid('x0020000d', 'Study Instance UID (0020,000D)'),
    seriesUid: uid('x0020000e', 'Series Instance UID (0020,000E)'),
    patientId: str('x00100020') ?? '',
    patientSex: str('x00100040'),
    patientBirthDate: str('x00100030'),
    studyDate: str('x00080020'),
    studyTime: str('x00080030'),
    studyDescription: str('x00081030'),
    studyId: str('x00200010'),
    accessionNumber: str('x00080050'),
    referringPhysician: str('x00080090'),
    modality: str('x00080060'),
    bodyPart: str('x00180015'),
    manufacturer: str('x00080070'),
    model: str('x00081090'),
    seriesDescription: str('x0008103e'),
    seriesNumber: int('x00200011'),
    sliceThickness: thickness !== undefined && Number.isFinite(thickness) ? thickness : undefined,
    instanceNumber: int('x00200013'),
    rows: us('x00280010'),
    columns: us('x00280011'),
    frames: int('x00280008'),
  };
}

/** DICOM DA (YYYYMMDD, or the old ACR-NEMA YYYY.MM.DD) → ISO date, or undefined when invalid. */
export function isoDate(da: string | undefined): string | undefined {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da ?? '');
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}
