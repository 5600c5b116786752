/**
 * The HTTP input boundary's NUL check, for the hub's API and the node's DICOMweb server alike:
 * a `preValidation` hook that answers 400 naming the first path, query or body field holding a
 * NUL byte (see src/model/text.ts), before any route, SQL or relay sees it.
 *
 * @example
 * app.addHook('preValidation', refuseNulBytes);
 */
import type { FastifyRequest } from 'fastify';
import { CieError } from './errors.js';
import { findNulByte, nulByteMessage } from './model/text.js';

export function refuseNulBytes(request: FastifyRequest, _reply: unknown, done: (err?: Error) => void): void {
  const parts = [
    ['path', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const;
  for (const [where, value] of parts) {
    const found = findNulByte(value, '');
    if (found === undefined) continue;
    const field = found === '' || found.startsWith('[') ? `${where}${found}` : `${where}.${found}`;
    done(
      new CieError('VALIDATION_FAILED', `invalid request ${field}: ${nulByteMessage}`, {
        issues: [{ where, path: found, message: nulByteMessage }],
      }),
    );
    return;
  }
  done();
}
