/**
 * The DICOMweb paths the relay forwards, checked on the raw URL before anything else: keywords of
 * PS3.18 and UIDs only. `..`, percent-encoded bytes (`%2F`, `%2E`), letters in a UID and other
 * tricks are a 400 and never reach a node.
 */
import { CieError } from '../../errors.js';

const uid = String.raw`(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))*`;
const frames = String.raw`[1-9]\d{0,6}(?:,[1-9]\d{0,6})*`;
const shapes = [
  String.raw`/(?:studies|series|instances)`,
  String.raw`/studies/U(?:/(?:series|instances|metadata))?`,
  String.raw`/studies/U/series/U(?:/(?:instances|metadata|rendered|thumbnail))?`,
  String.raw`/studies/U/series/U/instances/U(?:/(?:metadata|rendered|thumbnail|bulkdata/7FE00010|frames/F(?:/rendered)?))?`,
].map((s) => new RegExp(`^${s.replaceAll('U', uid).replaceAll('F', frames)}$`));

/** The path below `/dicomweb/datasets/{slug}` as sent (not decoded); throws 400 unless DICOMweb. */
export function checkRelayPath(rawPath: string): string {
  const bad = (why: string) =>
    new CieError('BAD_REQUEST', `"${rawPath.slice(0, 120)}" is not a DICOMweb path of this relay: ${why}`);
  if (rawPath.includes('%')) throw bad('percent-encoded characters are not allowed in UIDs');
  const segments = rawPath.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.' || s === ''))
    throw bad('empty, "." and ".." segments are not allowed');
  const odd = segments.find((s) => !/^[0-9A-Za-z.,]{1,64}$/.test(s));
  if (odd !== undefined) throw bad(`"${odd.slice(0, 80)}" is neither a UID nor a DICOMweb keyword`);
  const uidRe = new RegExp(`^${uid}$`);
  segments.forEach((s, i) => {
    const before = segments[i - 1];
    if (before && ['studies', 'series', 'instances'].includes(before) && !(s.length <= 64 && uidRe.test(s)))
      throw bad(`"${s.slice(0, 80)}" is not a valid DICOM UID (digits and dots, at most 64 characters)`);
  });
  if (!shapes.some((re) => re.test(rawPath))) {
    throw new CieError('NOT_FOUND', `no DICOMweb resource at ${rawPath.slice(0, 120)}`);
  }
  return rawPath;
}
