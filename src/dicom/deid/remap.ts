/**
 * Deterministic, keyed replacements: UIDs, pseudonyms and date shifts are derived from the
 * site's secret with HMAC-SHA256, so the same input always gives the same output at one site and
 * outputs of two sites (two secrets) cannot be linked.
 */
import { createHmac } from 'node:crypto';
import { wellKnownUidRoots } from './profile-additions.js';
import { isRegisteredSopClass } from './sop-classes.js';

export interface Remapper {
  uid(uid: string): string;
  pseudonym(patientKey: string): string;
  /** Days to subtract from every date of this patient (1…maxDays). */
  shiftDays(patientKey: string): number;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer, chars: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= 0xff;
    if (out.length >= chars) break;
  }
  return out;
}

/** A UID that identifies a class, syntax or coding scheme rather than a patient's instance. */
export function isWellKnownUid(uid: string): boolean {
  return wellKnownUidRoots.some((r) => uid.startsWith(r)) || isRegisteredSopClass(uid);
}

/** The pseudonym shape: site prefix, dash, 12 base32 characters. */
export const pseudonymPattern = /^[A-Z0-9]{1,16}-[A-Z2-7]{12}$/;

export function createRemapper(secret: string, sitePrefix: string, maxShiftDays = 3650): Remapper {
  const key = Buffer.from(secret, 'utf8');
  // Memoised: a study's files share patients and most UIDs (one HMAC each, not one per file).
  const uids = new Map<string, string>();
  const pseudonyms = new Map<string, string>();
  const shifts = new Map<string, number>();
  const mac = (domain: string, v: string): Buffer =>
    createHmac('sha256', key).update(`${domain}\0${v}`).digest();
  return {
    uid(uid) {
      let out = uids.get(uid);
      if (out === undefined) {
        // Well-known UIDs map to themselves (memoised too: the prefix checks cost more than a lookup).
        if (uid === '' || isWellKnownUid(uid)) out = uid;
        else {
          // 2.25.<128-bit decimal>: at most 44 characters, well under the 64 allowed.
          const n = BigInt(`0x${mac('uid', uid).subarray(0, 16).toString('hex')}`);
          out = `2.25.${n.toString(10)}`;
        }
        if (uids.size > 1_000_000) uids.clear();
        uids.set(uid, out);
      }
      return out;
    },
    pseudonym(patientKey) {
      let p = pseudonyms.get(patientKey);
      if (p === undefined) {
        p = `${sitePrefix}-${base32(mac('pseudonym', patientKey), 12)}`;
        if (pseudonyms.size > 100_000) pseudonyms.clear();
        pseudonyms.set(patientKey, p);
      }
      return p;
    },
    shiftDays(patientKey) {
      let d = shifts.get(patientKey);
      if (d === undefined) {
        d = 1 + (mac('shift', patientKey).readUInt32BE(0) % maxShiftDays);
        if (shifts.size > 100_000) shifts.clear();
        shifts.set(patientKey, d);
      }
      return d;
    },
  };
}

/** Shift a DA value (YYYYMMDD, possibly multi-valued or a range) back by `days`. */
export function shiftDate(value: string, days: number): string {
  return value
    .split('\\')
    .map((v) =>
      v
        .split('-')
        .map((d) => shiftOne(d.trim(), days))
        .join('-'),
    )
    .join('\\');
}

function shiftOne(d: string, days: number): string {
  if (d === '') return '';
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(d) ?? /^(\d{4})\.(\d{2})\.(\d{2})$/.exec(d);
  if (!m) return '';
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - days * 86_400_000;
  if (Number.isNaN(t)) return '';
  const x = new Date(t);
  const y = x.getUTCFullYear();
  if (y < 1) return '';
  return `${String(y).padStart(4, '0')}${String(x.getUTCMonth() + 1).padStart(2, '0')}${String(x.getUTCDate()).padStart(2, '0')}`;
}

/** Shift the date part of a DT value (YYYYMMDDHHMMSS.FFFFFF&ZZXX); partial dates are dropped. */
export function shiftDateTime(value: string, days: number): string {
  return value
    .split('\\')
    .map((v) => {
      const t = v.trim();
      if (t.length < 8) return '';
      const d = shiftOne(t.slice(0, 8), days);
      return d === '' ? '' : d + t.slice(8);
    })
    .join('\\');
}
