/** DICOM JSON model (PS3.18 Annex F) values built from index columns. */
export interface DicomJsonElement {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
  InlineBinary?: string;
}
export type DicomJson = Record<string, DicomJsonElement>;

const numericVrs = new Set(['IS', 'DS', 'US', 'UL', 'SS', 'SL', 'FL', 'FD', 'SV', 'UV']);

/** One element; null/undefined/'' values give the element with no Value (present but empty). */
export function jsonElement(
  vr: string,
  value: string | number | null | undefined | readonly string[],
): DicomJsonElement {
  if (value === null || value === undefined || value === '') return { vr };
  const values = Array.isArray(value) ? (value as readonly string[]) : [value as string | number];
  if (values.length === 0) return { vr };
  if (vr === 'PN') return { vr, Value: values.map((v) => ({ Alphabetic: String(v) })) };
  if (numericVrs.has(vr)) return { vr, Value: values.map((v) => Number(v)) };
  return { vr, Value: values.map((v) => String(v)) };
}

/** Elements sorted by tag, as the standard's examples and most clients expect. */
export function sortedByTag(obj: DicomJson): DicomJson {
  const out: DicomJson = {};
  for (const k of Object.keys(obj).sort()) {
    const v = obj[k];
    if (v) out[k] = v;
  }
  return out;
}
