/**
 * STOW-RS (PS3.18 §10.5): store the instances of a multipart/related request. Each part is
 * streamed to a temp file, then validated and stored through the InstanceStore; the answer lists
 * what was stored (ReferencedSOPSequence) and what failed with its reason (FailedSOPSequence).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { CieError, errorMessage } from '../../errors.js';
import { jsonElement, type DicomJson } from './dicom-json.js';
import type { InstanceStore } from './instance-store.js';
import { boundaryOf, readMultipart } from './multipart-reader.js';
import type { DicomwebRequest } from './qido.service.js';
import { requireUid } from './uid.js';

export interface StowDeps {
  store: InstanceStore;
  /** Where request parts are spooled before they are stored. */
  tmpDir: string;
  /** Largest accepted request body in bytes (413 beyond). */
  maxBytes: number;
}

/** Failure reasons (PS3.18 Table I.2-3 / PS3.4 C.4.2.1.4). */
export const failureReason = {
  processingFailure: 0x0110,
  cannotUnderstand: 0xc000,
  studyUidMismatch: 0xc409,
} as const;

export interface StowResult {
  status: 200 | 202 | 409;
  body: DicomJson;
}

interface Failed {
  sopClassUid?: string;
  sopInstanceUid?: string;
  reason: number;
  message: string;
}

export async function storeInstances(
  deps: StowDeps,
  req: DicomwebRequest,
  body: Readable,
  contentType: string | undefined,
  studyUid?: string,
): Promise<StowResult> {
  if (req.scope !== 'all')
    throw new CieError('FORBIDDEN', 'storing instances is not allowed under a restricted scope');
  const expectedStudy = studyUid === undefined ? undefined : requireUid(studyUid, 'StudyInstanceUID');
  const boundary = boundaryOf(contentType, 'application/dicom');
  const dir = await mkdtemp(join(deps.tmpDir, 'stow-'));
  try {
    const parts = await readMultipart(body, boundary, dir, deps.maxBytes);
    if (parts.length === 0) throw new CieError('BAD_REQUEST', 'the multipart body has no parts');
    const stored: DicomJson[] = [];
    const failed: Failed[] = [];
    const studies = new Set<string>();
    for (const p of parts) {
      const type = (p.headers['content-type'] ?? 'application/dicom').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/dicom') {
        failed.push({
          reason: failureReason.cannotUnderstand,
          message: `part of type ${type} is not application/dicom`,
        });
        continue;
      }
      try {
        const s = await deps.store.storeInstance(p.file, { move: true, expectedStudyUid: expectedStudy });
        studies.add(s.studyUid);
        stored.push({
          '00081150': jsonElement('UI', s.sopClassUid),
          '00081155': jsonElement('UI', s.sopInstanceUid),
          '00081190': jsonElement(
            'UR',
            `${req.baseUrl}/studies/${s.studyUid}/series/${s.seriesUid}/instances/${s.sopInstanceUid}`,
          ),
        });
      } catch (err) {
        const mismatch = err instanceof CieError && err.code === 'CONFLICT';
        const invalid = err instanceof CieError && err.code === 'DICOM_INVALID';
        failed.push({
          ...(err instanceof CieError && typeof err.details?.sopInstanceUid === 'string'
            ? {
                sopInstanceUid: err.details.sopInstanceUid,
                sopClassUid: typeof err.details.sopClassUid === 'string' ? err.details.sopClassUid : '',
              }
            : {}),
          reason: mismatch
            ? failureReason.studyUidMismatch
            : invalid
              ? failureReason.cannotUnderstand
              : failureReason.processingFailure,
          message: errorMessage(err),
        });
      }
    }
    const out: DicomJson = {};
    const [only] = studies;
    if (studies.size === 1 && only) out['00081190'] = jsonElement('UR', `${req.baseUrl}/studies/${only}`);
    if (stored.length) out['00081199'] = { vr: 'SQ', Value: stored };
    if (failed.length) {
      out['00081198'] = {
        vr: 'SQ',
        Value: failed.map((f) => ({
          ...(f.sopClassUid ? { '00081150': jsonElement('UI', f.sopClassUid) } : {}),
          ...(f.sopInstanceUid ? { '00081155': jsonElement('UI', f.sopInstanceUid) } : {}),
          '00081197': jsonElement('US', f.reason),
          // Not a standard attribute: why, for a human reading the response (ErrorComment).
          '00000902': jsonElement('LO', f.message.slice(0, 64)),
        })),
      };
    }
    const status = failed.length === 0 ? 200 : stored.length === 0 ? 409 : 202;
    return { status, body: out };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
