/**
 * What an uploaded file really is, from its first bytes: PDF, PNG or JPEG only. The declared
 * Content-Type must agree with the bytes, so a script renamed to .pdf is refused.
 */
import type { AttachmentType } from './access.tables.js';

const signatures: readonly { type: AttachmentType; magic: readonly number[] }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];

/** The type the bytes show, or undefined for anything else. */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | undefined {
  return signatures.find((s) => s.magic.every((b, i) => bytes[i] === b))?.type;
}

/** A file name safe to show and to put in Content-Disposition (never used as a path). */
export function cleanFileName(name: string | undefined, type: AttachmentType): string {
  const ext = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg' }[type];
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()
    ?.replace(/[^\w.\- ]+/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return base ? base : `attachment.${ext}`;
}
