/**
 * The node's one entry for instances arriving over the network (C-STORE now, STOW-RS later):
 * `receiveInstance(buffer, meta)` optionally de-identifies, writes the file atomically under
 * `<data-dir>/store/<study>/<series>/<instance>.dcm`, and tracks studies: a study is complete
 * once no new instance has arrived for `stableSeconds`, and is then handed to `onStudyComplete`.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CieError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { type DeidSettings, deidentifyBuffer } from '../../dicom/deid/deidentify.js';
import { outputPath, writeAtomic } from '../../dicom/deid/deid.service.js';
import { getString, parseDicom } from '../../dicom/deid/parse.js';

export interface InstanceMeta {
  /** Where it came from, for logs and audit: "C-STORE from MODALITY1 at 127.0.0.1", "STOW-RS". */
  source: string;
}

export interface ReceivedInstance {
  path: string;
  studyInstanceUid: string;
  sopInstanceUid: string;
  quarantined: boolean;
  reasons: string[];
}

export interface CompletedStudy {
  studyInstanceUid: string;
  files: string[];
}

export interface ReceiverOptions {
  /** The node's data directory; files go to <dataDir>/store. */
  dataDir: string;
  /** De-identify on receipt with these settings; undefined: store as received. */
  deid?: DeidSettings | undefined;
  /** Quarantine instances at risk of burned-in text (de-identification only). */
  quarantineBurnedIn: boolean;
  stableSeconds: number;
  onStudyComplete: (study: CompletedStudy) => void | Promise<void>;
  log?: Logger | undefined;
}

export interface Receiver {
  receiveInstance(buffer: Buffer, meta: InstanceMeta): ReceivedInstance;
  /** Hand every pending study over now (shutdown). */
  flush(): Promise<void>;
  stats(): { received: number; bytes: number; quarantined: number; pendingStudies: number };
}

const safeUid = (uid: string): string =>
  /^[0-9.]{1,64}$/.test(uid) ? uid : createHash('sha256').update(uid).digest('hex').slice(0, 32);

export function createReceiver(opts: ReceiverOptions): Receiver {
  const store = join(opts.dataDir, 'store');
  const pending = new Map<string, { files: string[]; timer: NodeJS.Timeout }>();
  let received = 0;
  let bytes = 0;
  let quarantined = 0;

  const complete = async (study: string): Promise<void> => {
    const p = pending.get(study);
    if (!p) return;
    clearTimeout(p.timer);
    pending.delete(study);
    try {
      await opts.onStudyComplete({ studyInstanceUid: study, files: p.files });
    } catch (err) {
      opts.log?.error({ err, study }, 'study completion handler failed');
    }
  };

  const touch = (study: string, file: string): void => {
    const p = pending.get(study);
    if (p) clearTimeout(p.timer);
    const files = p?.files ?? [];
    if (!files.includes(file)) files.push(file);
    const timer = setTimeout(() => void complete(study), opts.stableSeconds * 1000);
    timer.unref();
    pending.set(study, { files, timer });
  };

  return {
    receiveInstance(buffer, meta) {
      let path: string;
      let study: string;
      let sop: string;
      let reasons: string[] = [];
      let isQuarantined = false;
      if (opts.deid) {
        const { output, info } = deidentifyBuffer(buffer, opts.deid);
        reasons = info.burnedInRisk;
        isQuarantined = opts.quarantineBurnedIn && reasons.length > 0;
        path = outputPath(store, info, isQuarantined);
        study = info.studyInstanceUid;
        sop = info.sopInstanceUid;
        writeAtomic(path, output);
      } else {
        const file = parseDicom(buffer);
        study = getString(file, 0x0020000d) ?? '';
        const series = getString(file, 0x0020000e) ?? '';
        sop = getString(file, 0x00080018) || getString(file, 0x00020003, file.meta) || '';
        if (!sop) throw new CieError('DICOM_INVALID', 'the instance has no SOP Instance UID');
        path = join(
          store,
          safeUid(study || 'no-study'),
          safeUid(series || 'no-series'),
          `${safeUid(sop)}.dcm`,
        );
        writeAtomic(path, buffer);
      }
      received += 1;
      bytes += buffer.length;
      if (isQuarantined) {
        quarantined += 1;
        opts.log?.warn({ sop, reasons, source: meta.source }, 'instance quarantined: burned-in text risk');
      } else {
        touch(study, path);
      }
      return { path, studyInstanceUid: study, sopInstanceUid: sop, quarantined: isQuarantined, reasons };
    },
    async flush() {
      for (const study of [...pending.keys()]) await complete(study);
    },
    stats: () => ({ received, bytes, quarantined, pendingStudies: pending.size }),
  };
}
