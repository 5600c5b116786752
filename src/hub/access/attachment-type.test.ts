import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanFileName, sniffAttachmentType } from './attachment-type.js';

describe('attachment types and names', () => {
  it('recognises PDF, PNG and JPEG by their first bytes only', () => {
    assert.equal(sniffAttachmentType(Buffer.from('%PDF-1.7\n...')), 'application/pdf');
    assert.equal(
      sniffAttachmentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
      'image/png',
    );
    assert.equal(sniffAttachmentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'image/jpeg');
    for (const other of ['<html>', '%PDF', 'GIF89a', 'PK\u0003\u0004', '', ' %PDF-1.4'])
      assert.equal(sniffAttachmentType(Buffer.from(other)), undefined, JSON.stringify(other));
  });

  it('keeps only a safe last path segment of the name, as a label', () => {
    assert.equal(cleanFileName('../../etc/passwd', 'application/pdf'), 'passwd');
    assert.equal(
      cleanFileName('C:\\Users\\ana\\Ethics "letter".pdf', 'application/pdf'),
      'Ethics _letter_.pdf',
    );
    assert.equal(cleanFileName('...hidden.pdf', 'application/pdf'), 'hidden.pdf');
    assert.equal(cleanFileName(undefined, 'image/png'), 'attachment.png');
    assert.equal(cleanFileName('/', 'image/jpeg'), 'attachment.jpg');
    assert.equal(cleanFileName('a'.repeat(500), 'application/pdf').length, 200);
  });
});
