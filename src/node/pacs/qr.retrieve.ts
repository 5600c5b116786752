/**
 * C-GET and C-MOVE (PS3.4 C.4.2, C.4.3): the instances an identifier names (by the unique keys of
 * its level and above, through the QIDO-RS instance search), sent one C-STORE sub-operation at a
 * time, with pending responses that count remaining/completed/failed/warning sub-operations and a
 * final status: success, 0xB000 when some failed (their UIDs in Failed SOP Instance UID List),
 * 0xFE00 when cancelled.
 */
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { parseQidoParams } from '../dicomweb/qido.params.js';
import { findInstances, type InstanceRow } from '../dicomweb/qido.repository.js';
import {
  IDENTIFIER_MISMATCH,
  QrError,
  UNABLE_TO_PROCESS,
  type Identifier,
  type QrLevel,
} from './qr.identifier.js';
import { CieError } from '../../errors.js';

export type RetrieveInstance = Pick<
  InstanceRow,
  'sop_instance_uid' | 'sop_class_uid' | 'transfer_syntax_uid' | 'file_path'
>;

/** The unique key of each level (PS3.4 C.6.1.1, C.6.2.1). */
const uniqueKeys: ReadonlyArray<[QrLevel, string]> = [
  ['PATIENT', 'PatientID'],
  ['STUDY', 'StudyInstanceUID'],
  ['SERIES', 'SeriesInstanceUID'],
  ['IMAGE', 'SOPInstanceUID'],
];

const PAGE = 10_000;

/** The instances to send for a C-GET/C-MOVE identifier, in series/instance order. */
export async function instancesToRetrieve(
  db: Kysely<NodeDB>,
  model: 'patient' | 'study',
  id: Identifier,
): Promise<RetrieveInstance[]> {
  if (id.level === 'PATIENT' && model === 'study') {
    throw new QrError(IDENTIFIER_MISMATCH, 'the Study Root model has no PATIENT level; use STUDY');
  }
  const params: Record<string, string> = {};
  for (const [level, key] of uniqueKeys) {
    const value = id.keys.get(key) ?? '';
    if (value !== '') params[key] = value;
    if (level === id.level) {
      if (value === '') {
        throw new QrError(IDENTIFIER_MISMATCH, `a ${level}-level retrieve needs ${key} in the identifier`);
      }
      break;
    }
  }
  const out: RetrieveInstance[] = [];
  for (let offset = 0; ; offset += PAGE) {
    let search;
    try {
      search = parseQidoParams('instance', { ...params, limit: String(PAGE), offset: String(offset) }, PAGE);
    } catch (err) {
      if (err instanceof CieError) throw new QrError(UNABLE_TO_PROCESS, err.message);
      throw err;
    }
    const rows = await findInstances(db, search, 'all', {}, false);
    out.push(...rows.slice(0, PAGE));
    if (rows.length <= PAGE) return out;
  }
}

export interface SubOperationCounts {
  remaining: number;
  completed: number;
  failed: number;
  warning: number;
  failedUids: string[];
}

/** C-STORE statuses that count as warnings (PS3.4 B.2.3): coercion, elements discarded, not matched. */
const warningStatuses = new Set([0xb000, 0xb006, 0xb007]);

/**
 * Run the sub-operations: `store` sends one instance and resolves with the peer's C-STORE status
 * (rejecting when it could not be sent). `progress` is told the counts after each one; `cancelled`
 * stops before the next (C-CANCEL or the association gone).
 */
export async function runSubOperations(
  instances: readonly RetrieveInstance[],
  store: (instance: RetrieveInstance) => Promise<number>,
  progress: (counts: SubOperationCounts) => void,
  cancelled: () => boolean,
): Promise<SubOperationCounts & { cancelled: boolean }> {
  const counts: SubOperationCounts = {
    remaining: instances.length,
    completed: 0,
    failed: 0,
    warning: 0,
    failedUids: [],
  };
  for (const instance of instances) {
    if (cancelled()) return { ...counts, cancelled: true };
    const status = await store(instance).catch(() => 0xc000);
    counts.remaining -= 1;
    if (status === 0) counts.completed += 1;
    else if (warningStatuses.has(status)) counts.warning += 1;
    else {
      counts.failed += 1;
      counts.failedUids.push(instance.sop_instance_uid);
    }
    if (counts.remaining > 0) progress(counts);
  }
  return { ...counts, cancelled: false };
}
