/**
 * A small DICOMweb client over the hub's relay for granted datasets
 * (`/dicomweb/datasets/{slug}/…`, PS3.18 URLs): QIDO-RS studies, series and instances as DICOM
 * JSON, and the URLs of WADO-RS rendered frames. A refusal (no or no longer a grant) becomes a
 * `DicomwebRefused` the pages show as such.
 */
export class DicomwebRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

const str = (o: DicomJson, tag: string): string => {
  const v = o[tag]?.Value?.[0];
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && 'Alphabetic' in v)
    return String((v as { Alphabetic: string }).Alphabetic);
  return '';
};
const num = (o: DicomJson, tag: string): number | null => {
  const v = Number(str(o, tag));
  return str(o, tag) === '' || Number.isNaN(v) ? null : v;
};

export interface StudyRow {
  studyUid: string;
  date: string;
  description: string;
  modalities: string[];
  series: number | null;
  instances: number | null;
}
export interface SeriesRow {
  seriesUid: string;
  modality: string;
  description: string;
  number: number | null;
  instances: number | null;
}
export interface InstanceRow {
  sopUid: string;
  number: number | null;
}

export const datasetBase = (slug: string) => `/dicomweb/datasets/${encodeURIComponent(slug)}`;

async function qido(url: string): Promise<DicomJson[]> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/dicom+json' } });
  if (res.status === 204) return [];
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    const why = body.error?.message ?? res.statusText;
    if (res.status === 401 || res.status === 403 || res.status === 404)
      throw new DicomwebRefused(res.status, `Access refused (${res.status}): ${why}`);
    throw new Error(`${res.status}: ${why}`);
  }
  return (await res.json()) as DicomJson[];
}

export async function listStudies(slug: string): Promise<StudyRow[]> {
  const rows = await qido(`${datasetBase(slug)}/studies?includefield=00081030&includefield=00080061`);
  return rows.map((o) => ({
    studyUid: str(o, '0020000D'),
    date: str(o, '00080020'),
    description: str(o, '00081030'),
    modalities: (o['00080061']?.Value ?? []).map(String),
    series: num(o, '00201206'),
    instances: num(o, '00201208'),
  }));
}

export async function listSeries(slug: string, studyUid: string): Promise<SeriesRow[]> {
  const rows = await qido(`${datasetBase(slug)}/studies/${studyUid}/series`);
  return rows
    .map((o) => ({
      seriesUid: str(o, '0020000E'),
      modality: str(o, '00080060'),
      description: str(o, '0008103E'),
      number: num(o, '00200011'),
      instances: num(o, '00201209'),
    }))
    .sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
}

export async function listInstances(
  slug: string,
  studyUid: string,
  seriesUid: string,
): Promise<InstanceRow[]> {
  const rows = await qido(`${datasetBase(slug)}/studies/${studyUid}/series/${seriesUid}/instances`);
  return rows
    .map((o) => ({ sopUid: str(o, '00080018'), number: num(o, '00200013') }))
    .sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
}

export function instanceUrl(slug: string, studyUid: string, seriesUid: string, sopUid: string): string {
  return `${datasetBase(slug)}/studies/${studyUid}/series/${seriesUid}/instances/${sopUid}`;
}

/** PNG of frame 1, windowed when a window is given (PS3.18 `window=center,width,linear`). */
export function renderedUrl(instance: string, window?: { center: number; width: number }): string {
  const w = window
    ? `?window=${Math.round(window.center)},${Math.max(1, Math.round(window.width))},linear`
    : '';
  return `${instance}/frames/1/rendered${w}`;
}

export interface Manifest {
  dataset: string;
  generatedAt: string;
  instances: { studyUid: string; seriesUid: string; sopInstanceUid: string; url: string; sha256?: string }[];
}

/** Every instance of the granted dataset with its WADO-RS URL (absolute), for download tools. */
export async function buildManifest(slug: string, origin: string): Promise<Manifest> {
  const instances: Manifest['instances'] = [];
  for (const st of await listStudies(slug)) {
    for (const se of await listSeries(slug, st.studyUid)) {
      for (const i of await listInstances(slug, st.studyUid, se.seriesUid)) {
        instances.push({
          studyUid: st.studyUid,
          seriesUid: se.seriesUid,
          sopInstanceUid: i.sopUid,
          url: `${origin}${instanceUrl(slug, st.studyUid, se.seriesUid, i.sopUid)}`,
        });
      }
    }
  }
  return { dataset: slug, generatedAt: new Date().toISOString(), instances };
}
