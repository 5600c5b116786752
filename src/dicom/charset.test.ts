import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import dicomParser from 'dicom-parser';
import { PYTHON } from '../../test/support/dicom.js';
import { decodeText, parseCharsetTerms } from './charset.js';

const script = join(new URL('.', import.meta.url).pathname, '../../test/support/make_charset_files.py');

describe('Specific Character Set', () => {
  it("decodes the PatientName of every pydicom charset test file as pydicom does", () => {
    const expected = JSON.parse(
      execFileSync(PYTHON, [script, '--pydicom-files']).toString('utf8'),
    ) as Record<string, string>;
    assert.ok(Object.keys(expected).length >= 15);
    for (const [path, want] of Object.entries(expected)) {
      const ds = dicomParser.parseDicom(readFileSync(path), { untilTag: 'x7fe00010' });
      const el = ds.elements.x00100010;
      assert.ok(el, basename(path));
      const terms = parseCharsetTerms(ds.string('x00080005'));
      const got = decodeText(ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length), terms);
      // pydicom leaves out trailing empty component groups ("…=王^小東=" → "…=王^小東")
      assert.equal(got.trim().replace(/=+$/, ''), want, basename(path));
    }
  });

  it('reads bytes as Latin-1 without a character set or with one it does not know', () => {
    const bytes = Uint8Array.from([0x4a, 0xe9, 0x72, 0xf4, 0x6d, 0x65]);
    assert.equal(decodeText(bytes, []), 'Jérôme');
    assert.equal(decodeText(bytes, parseCharsetTerms('ISO_IR 999')), 'Jérôme');
    assert.equal(decodeText(bytes, parseCharsetTerms('ISO_IR 100')), 'Jérôme');
    // 0x80–0x9F are C1 controls in ISO 8859-1, not the Windows-1252 letters
    assert.equal(decodeText(Uint8Array.from([0x80]), parseCharsetTerms('ISO_IR 100')), '\u0080');
  });

  it('accepts the common misspelling ISO_IR_192 and lower case', () => {
    const bytes = new TextEncoder().encode('王小東');
    assert.equal(decodeText(bytes, parseCharsetTerms('iso_ir_192')), '王小東');
  });

  it('goes back to value 1 after ESC ( B and survives a cut escape sequence', () => {
    const jis = Uint8Array.from([0x1b, 0x24, 0x42, 0x3b, 0x33, 0x45, 0x44, 0x1b, 0x28, 0x42, 0x5e, 0x41]);
    assert.equal(decodeText(jis, ['', 'ISO 2022 IR 87']), '山田^A');
    const cut = Uint8Array.from([0x41, 0x1b, 0x24]);
    assert.equal(typeof decodeText(cut, ['', 'ISO 2022 IR 87']), 'string');
  });
});
