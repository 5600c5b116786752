/** Kysely types of the node's de-identification tables (migration 0100-deid). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PhiOverrideTable {
  id: Generated<number>;
  dataset_id: string;
  user_id: string;
  reason: string;
  findings: Generated<number>;
  created_at: Timestamp;
}

/** One row: the scrypt salt and a check value that tells a wrong passphrase from a right one. */
export interface PseudonymKeyKdfTable {
  id: number;
  salt: Buffer;
  check_iv: Buffer;
  check_ct: Buffer;
  created_at: Timestamp;
}

export interface PseudonymKeyTable {
  pseudonym: string;
  iv: Buffer;
  /** AES-256-GCM ciphertext of the original PatientID followed by the 16-byte tag. */
  ciphertext: Buffer;
  created_at: Timestamp;
}

export interface DeidTables {
  phi_override: PhiOverrideTable;
  pseudonym_key_kdf: PseudonymKeyKdfTable;
  pseudonym_key: PseudonymKeyTable;
}
