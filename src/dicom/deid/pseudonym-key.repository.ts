/**
 * The optional pseudonym key table: pseudonym → original PatientID, encrypted at rest with
 * AES-256-GCM under a key derived from the configured passphrase with scrypt. It never leaves the
 * node except through `cie deid key export` for the site's re-identification procedure. The
 * passphrase and the key are never logged or stored.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import type { Kysely } from 'kysely';
import { CieError } from '../../errors.js';
import type { NodeDB } from '../../db/schema.js';

const CHECK = 'cie-pseudonym-key-check';

function encrypt(key: Buffer, plain: string): { iv: Buffer; ciphertext: Buffer } {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()]);
  return { iv, ciphertext: ct };
}

function decrypt(key: Buffer, iv: Uint8Array, data: Uint8Array): string {
  const buf = Buffer.from(data);
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv));
  d.setAuthTag(buf.subarray(buf.length - 16));
  return Buffer.concat([d.update(buf.subarray(0, buf.length - 16)), d.final()]).toString('utf8');
}

export interface PseudonymKeyStore {
  /** Record pseudonym → PatientID (idempotent). */
  put(entries: Iterable<[string, string]>): Promise<number>;
  /** Every pair, decrypted (for the site's re-identification procedure). */
  exportAll(): Promise<{ pseudonym: string; patientId: string }[]>;
}

/** Open the key table with a passphrase; the first use fixes the salt, later uses must match. */
export async function openPseudonymKeyStore(
  db: Kysely<NodeDB>,
  passphrase: string,
): Promise<PseudonymKeyStore> {
  let kdf = await db.selectFrom('pseudonym_key_kdf').selectAll().where('id', '=', 1).executeTakeFirst();
  let key: Buffer;
  if (!kdf) {
    const salt = randomBytes(16);
    key = scryptSync(passphrase, salt, 32);
    const check = encrypt(key, CHECK);
    await db
      .insertInto('pseudonym_key_kdf')
      .values({ id: 1, salt, check_iv: check.iv, check_ct: check.ciphertext })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    kdf = await db.selectFrom('pseudonym_key_kdf').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  }
  key = scryptSync(passphrase, Buffer.from(kdf.salt), 32);
  try {
    if (decrypt(key, kdf.check_iv, kdf.check_ct) !== CHECK) throw new Error('check');
  } catch {
    throw new CieError(
      'FORBIDDEN',
      'the pseudonym key passphrase does not match the one the key table was created with',
    );
  }
  return {
    async put(entries) {
      const rows = [...entries].map(([pseudonym, patientId]) => ({ pseudonym, ...encrypt(key, patientId) }));
      if (rows.length === 0) return 0;
      const res = await db
        .insertInto('pseudonym_key')
        .values(rows)
        .onConflict((oc) => oc.column('pseudonym').doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0);
    },
    async exportAll() {
      const rows = await db
        .selectFrom('pseudonym_key')
        .select(['pseudonym', 'iv', 'ciphertext'])
        .orderBy('pseudonym')
        .execute();
      return rows.map((r) => ({ pseudonym: r.pseudonym, patientId: decrypt(key, r.iv, r.ciphertext) }));
    },
  };
}
