/**
 * The node's Ed25519 key pair. The private key lives in a JWK file readable by its owner only
 * (mode 0600), created once, next to the node's database; only the public key leaves the node.
 */
import type { webcrypto } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { CieError } from '../../errors.js';

export interface NodeKey {
  privateKey: webcrypto.CryptoKey;
  publicJwk: JWK;
}

export async function loadOrCreateNodeKey(file: string): Promise<NodeKey> {
  let privateJwk: JWK;
  try {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) {
      throw new CieError(
        'IO_FAILED',
        `the node key ${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it`,
      );
    }
    privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'ENOENT')) throw err;
    const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), alg: 'EdDSA' };
    mkdirSync(dirname(file), { recursive: true });
    // 'wx': never overwrite a key another process wrote meanwhile.
    writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600, flag: 'wx' });
  }
  const { d: _d, ...publicJwk } = privateJwk;
  const privateKey = await importJWK(privateJwk, 'EdDSA');
  if (privateKey instanceof Uint8Array || !publicJwk.x) {
    throw new CieError('IO_FAILED', `the node key ${file} is not an Ed25519 private key`);
  }
  return { privateKey, publicJwk: { kty: 'OKP', crv: 'Ed25519', x: publicJwk.x } };
}
