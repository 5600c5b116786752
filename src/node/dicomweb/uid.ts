/** DICOM UID syntax (PS3.5 §9.1): dot-separated numeric components, no leading zeros, ≤ 64 chars. */
import { CieError } from '../../errors.js';

const uidPattern = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

export function isUid(value: string): boolean {
  return value.length > 0 && value.length <= 64 && uidPattern.test(value);
}

/** A UID from a URL path segment; anything else (`..`, `%2F`, letters) is a 400, never a lookup. */
export function requireUid(value: string, what: string): string {
  if (!isUid(value)) {
    throw new CieError(
      'BAD_REQUEST',
      `${what} "${value.slice(0, 80)}" is not a valid DICOM UID (digits and dots, at most 64 characters)`,
    );
  }
  return value;
}
