import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv } from './csv.js';

describe('CSV reader (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, keeping line numbers', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n\r\n2,"two\nlines",\n3,,z';
    assert.deepEqual(parseCsv(text), [
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 4, fields: ['2', 'two\nlines', ''] },
      { line: 6, fields: ['3', '', 'z'] },
    ]);
  });

  it('flags an unclosed quote and text after a closing quote', () => {
    const r = parseCsv('a,b\n1,"x"y\n2,"open\n');
    assert.equal(r[1]?.error, 'text after the closing quote of a field');
    assert.equal(r[2]?.line, 3);
    assert.match(r[2]?.error ?? '', /not closed/);
  });

  it('ignores a byte order mark and a final newline', () => {
    assert.deepEqual(parseCsv('\ufeffa\n1\n'), [
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['1'] },
    ]);
  });
});
