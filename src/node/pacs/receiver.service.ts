/**
 * The node's one entry for instances arriving over the network, C-STORE and STOW-RS alike:
 * `receiveInstance(buffer, meta)` optionally de-identifies, writes the file atomically under
 * `<store>/<study>/<series>/<instance>.dcm` (no fsync, no database access: the hot path is one
 * parse and one gathered write), and tracks studies: a study is complete once no new instance has
 * arrived for `stableSeconds`, and is then handed to `onStudyComplete` (which indexes it).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CieError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { type DeidSettings, deidentifyToParts } from '../../dicom/deid/deidentify.js';
import { outputPath, writeAtomic } from '../../dicom/deid/deid-file.js';
import { getString, parseDicom } from '../../dicom/deid/parse.js';

export interface InstanceMeta {
  /** Where it came from, for logs and audit: "C-STORE from MODALITY1 at 127.0.0.1", "STOW-RS". */
  source: string;
  /** Refuse (CONFLICT, nothing written) an instance whose Study Instance UID as sent differs. */
  expectedStudyUid?: string | undefined;
  /**
   * Leave the instance out of study tracking: the caller indexes it itself (STOW-RS answers only
   * once its instances are searchable). Default: tracked, indexed when its study is complete.
   */
  untracked?: boolean;
}

export interface ReceivedInstance {
  path: string;
  sopClassUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** Whether the stored file is a de-identified copy. */
  deidentified: boolean;
  quarantined: boolean;
  reasons: string[];
}

export interface CompletedStudy {
  studyInstanceUid: string;
  files: string[];
}

export interface ReceiverOptions {
  /** Folder received files are written to (the node's `<data-dir>/store`). */
  storeDir: string;
  /** De-identify on receipt with these settings; undefined: store as received. */
  deid?: DeidSettings | undefined;
  /** Quarantine instances at risk of burned-in text (de-identification only; default true). */
  quarantineBurnedIn?: boolean;
  /** Quiet seconds after which a study is complete (default 60). */
  stableSeconds?: number;
  onStudyComplete?: (study: CompletedStudy) => void | Promise<void>;
  log?: Logger | undefined;
}

export interface Receiver {
  /** Store one instance (Part 10 bytes); throws DICOM_INVALID / CONFLICT with the reason. */
  receiveInstance(buffer: Buffer, meta: InstanceMeta): Promise<ReceivedInstance>;
  /** Hand every pending study over now (shutdown). */
  flush(): Promise<void>;
  stats(): { received: number; bytes: number; quarantined: number; pendingStudies: number };
}

const safeUid = (uid: string): string =>
  /^[0-9.]{1,64}$/.test(uid) ? uid : createHash('sha256').update(uid).digest('hex').slice(0, 32);

function conflict(sent: string, expected: string, sop: string, sopClass: string): CieError {
  return new CieError('CONFLICT', `instance belongs to study ${sent}, not to ${expected} named in the URL`, {
    sopInstanceUid: sop,
    sopClassUid: sopClass,
  });
}

interface Prepared {
  parts: Buffer[];
  instance: ReceivedInstance;
}

/** Decide what is written where; nothing touches the disk here. */
function prepare(buffer: Buffer, meta: InstanceMeta, store: string, opts: ReceiverOptions): Prepared {
  if (opts.deid) {
    const { parts, info } = deidentifyToParts(buffer, opts.deid);
    if (meta.expectedStudyUid !== undefined && meta.expectedStudyUid !== info.sourceStudyInstanceUid)
      throw conflict(
        info.sourceStudyInstanceUid,
        meta.expectedStudyUid,
        info.sopInstanceUid,
        info.sopClassUid,
      );
    const quarantined = (opts.quarantineBurnedIn ?? true) && info.burnedInRisk.length > 0;
    return {
      parts,
      instance: {
        path: outputPath(store, info, quarantined),
        sopClassUid: info.sopClassUid,
        studyInstanceUid: info.studyInstanceUid,
        seriesInstanceUid: info.seriesInstanceUid,
        sopInstanceUid: info.sopInstanceUid,
        deidentified: true,
        quarantined,
        reasons: info.burnedInRisk,
      },
    };
  }
  const file = parseDicom(buffer);
  const study = getString(file, 0x0020000d) ?? '';
  const series = getString(file, 0x0020000e) ?? '';
  const sop = getString(file, 0x00080018) || getString(file, 0x00020003, file.meta) || '';
  const sopClass = getString(file, 0x00080016) || getString(file, 0x00020002, file.meta) || '';
  if (!sop) throw new CieError('DICOM_INVALID', 'the instance has no SOP Instance UID (0008,0018)');
  if (meta.expectedStudyUid !== undefined && meta.expectedStudyUid !== study)
    throw conflict(study, meta.expectedStudyUid, sop, sopClass);
  return {
    parts: [buffer],
    instance: {
      path: join(store, safeUid(study || 'no-study'), safeUid(series || 'no-series'), `${safeUid(sop)}.dcm`),
      sopClassUid: sopClass,
      studyInstanceUid: study,
      seriesInstanceUid: series,
      sopInstanceUid: sop,
      deidentified: false,
      quarantined: false,
      reasons: [],
    },
  };
}

export function createReceiver(opts: ReceiverOptions): Receiver {
  const store = opts.storeDir;
  const stableMs = (opts.stableSeconds ?? 60) * 1000;
  const pending = new Map<string, { files: Set<string>; timer: NodeJS.Timeout }>();
  let received = 0;
  let bytes = 0;
  let quarantined = 0;

  const complete = async (study: string): Promise<void> => {
    const p = pending.get(study);
    if (!p) return;
    clearTimeout(p.timer);
    pending.delete(study);
    try {
      await opts.onStudyComplete?.({ studyInstanceUid: study, files: [...p.files] });
    } catch (err) {
      opts.log?.error({ err, study }, 'study completion handler failed');
    }
  };

  const touch = (study: string, file: string): void => {
    let p = pending.get(study);
    if (p) p.timer.refresh();
    else {
      const timer = setTimeout(() => void complete(study), stableMs);
      timer.unref();
      p = { files: new Set(), timer };
      pending.set(study, p);
    }
    p.files.add(file);
  };

  return {
    async receiveInstance(buffer, meta) {
      const { parts, instance } = prepare(buffer, meta, store, opts);
      await writeAtomic(instance.path, parts);
      received += 1;
      bytes += buffer.length;
      if (instance.quarantined) {
        quarantined += 1;
        opts.log?.warn(
          { sop: instance.sopInstanceUid, reasons: instance.reasons, source: meta.source },
          'instance quarantined: burned-in text risk',
        );
      } else if (!meta.untracked) touch(instance.studyInstanceUid, instance.path);
      return instance;
    },
    async flush() {
      for (const study of [...pending.keys()]) await complete(study);
    },
    stats: () => ({ received, bytes, quarantined, pendingStudies: pending.size }),
  };
}
