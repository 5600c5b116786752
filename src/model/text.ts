/**
 * Text that crosses a boundary (an HTTP request, a tunnel task) never carries NUL (U+0000):
 * PostgreSQL cannot store it in `text` or `jsonb`, so it used to surface as a 500 deep inside a
 * query. Refuse it where the input arrives, naming the field.
 *
 * @example
 * findNulByte({ q: 'a\u0000b' }, 'query') // → 'query.q'
 * z.string().check(noNulByte) // zod: "contains a NUL byte (U+0000)"
 */
import { z } from 'zod';

export const nulByteMessage = 'contains a NUL byte (U+0000), which no text field accepts';

/** The path of the first string (value or key) holding a NUL byte, or undefined. */
export function findNulByte(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNulByte(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return undefined; // a stream
  for (const [key, v] of Object.entries(value)) {
    const at = path ? `${path}.${key.replaceAll('\u0000', '\\0')}` : key;
    if (key.includes('\u0000')) return at;
    const found = findNulByte(v, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A zod check for string schemas: `z.string().check(noNulByte)`. */
export const noNulByte = z.refine<string>((s) => !s.includes('\u0000'), { message: nulByteMessage });
