/**
 * The hub's own Ed25519 signing key pair: generated on first start, stored in the hub database
 * (hub_setting "hub_signing_key"), published as a JWK at /api/v1/hub/key. Nodes pin the public key
 * at enrolment; the hub's audience in node tokens is derived from it.
 */
import type { webcrypto } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import { CieError } from '../../errors.js';
import type { HubDB } from '../../db/schema.js';
import { hubAudience } from '../../model/hub-key.js';

type CryptoKey = webcrypto.CryptoKey;

const SETTING_KEY = 'hub_signing_key';

export interface HubKeys {
  /** The public key as a JWK (with kid = its RFC 7638 thumbprint), safe to publish. */
  publicJwk: JWK;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The audience nodes put in their tunnel tokens: `urn:cie:hub:<thumbprint>`. */
  audience: string;
}

interface StoredKeys {
  publicJwk: JWK;
  privateJwk: JWK;
}

/** Load the hub's key pair, creating it on first start (safe when two processes race). */
export async function loadOrCreateHubKeys(db: Kysely<HubDB>): Promise<HubKeys> {
  let stored = await readStored(db);
  if (!stored) {
    const { publicKey, privateKey } = await generateKeyPair('Ed25519', { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const privateJwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const value: StoredKeys = {
      publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' },
      privateJwk: { ...privateJwk, kid, alg: 'EdDSA' },
    };
    await db
      .insertInto('hub_setting')
      .values({ key: SETTING_KEY, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    stored = await readStored(db);
    if (!stored) throw new CieError('INTERNAL', 'the hub signing key could not be stored');
  }
  const privateKey = await importJWK(stored.privateJwk, 'EdDSA');
  const publicKey = await importJWK(stored.publicJwk, 'EdDSA');
  if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) {
    throw new CieError('INTERNAL', 'the stored hub signing key is not an Ed25519 key pair');
  }
  return {
    publicJwk: stored.publicJwk,
    privateKey,
    publicKey,
    audience: await hubAudience(stored.publicJwk),
  };
}

async function readStored(db: Kysely<HubDB>): Promise<StoredKeys | undefined> {
  const row = await db
    .selectFrom('hub_setting')
    .select('value')
    .where('key', '=', SETTING_KEY)
    .executeTakeFirst();
  if (!row) return undefined;
  const v = (typeof row.value === 'string' ? JSON.parse(row.value) : row.value) as StoredKeys;
  return v;
}
