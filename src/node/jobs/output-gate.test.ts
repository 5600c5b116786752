/**
 * The output gate on files a tool wrote: what passes, what is held for review (small counts,
 * dominance, identifiers of the index), and what is refused outright (undeclared, too big,
 * DICOM, pixel arrays, a link, not written).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OutputDeclaration } from '../../model/jobs/jobs.js';
import { gateOutputs } from './output-gate.js';

const policy = { threshold: 10, roundTo: 5 };
const metrics: OutputDeclaration = { name: 'm.json', kind: 'metrics', maxBytes: 1000, counts: ['n'] };
const table: OutputDeclaration = {
  name: 't.csv',
  kind: 'table',
  maxBytes: 1000,
  counts: ['count'],
  dominance: { total: 'sum', largest: 'top' },
};

describe('output gate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cie-gate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const gate = (declared: OutputDeclaration[], ids: string[] = []) =>
    gateOutputs(dir, declared, policy, new Set(ids));

  it('passes counts at or above the minimum, and zeros', () => {
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ n: 12, other: 3, zero: 0 }));
    writeFileSync(join(dir, 't.csv'), 'group,count,sum,top\na,10,100,20\nb,0,0,0\n');
    const r = gate([metrics, table]);
    assert.deepEqual(r.refused, []);
    assert.deepEqual(
      r.outputs.map((o) => [o.declaration.name, o.verdict]),
      [
        ['m.json', 'pass'],
        ['t.csv', 'pass'],
      ],
    );
  });

  it('holds small counts and dominated cells, with the reason', () => {
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ n: 3 }));
    writeFileSync(join(dir, 't.csv'), 'group,count,sum,top\na,12,100,90\n');
    const [m, t] = gate([metrics, table]).outputs;
    assert.equal(m?.verdict, 'hold');
    assert.match(m?.reasons[0] ?? '', /n = 3 is below the site's minimum cell count of 10/);
    assert.equal(t?.verdict, 'hold');
    assert.match(t?.reasons[0] ?? '', /one contribution is 90 %/);
  });

  it('holds outputs that carry a pseudonym or UID of the index', () => {
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ n: 20, note: 'patient PSEUDO-1' }));
    assert.match(gate([metrics], ['PSEUDO-1']).outputs[0]?.reasons[0] ?? '', /pseudonym or UID/);
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ n: 20, note: 'series 1.2.826.0.1.3680043.2.1' }));
    assert.match(gate([metrics]).outputs[0]?.reasons[0] ?? '', /looks like a DICOM UID/);
  });

  it('refuses undeclared files, oversize outputs, DICOM, pixel arrays, links and missing outputs', () => {
    writeFileSync(join(dir, 'extra.txt'), 'x');
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ n: 20, pixels: new Array(300).fill(1) }));
    const dicom = Buffer.alloc(200);
    dicom.write('DICM', 128, 'latin1');
    writeFileSync(join(dir, 'f.bin'), dicom);
    writeFileSync(join(dir, 'big.csv'), 'x'.repeat(2000));
    symlinkSync(join(dir, 'f.bin'), join(dir, 'link.json'));
    const r = gate([
      metrics,
      { name: 'f.bin', kind: 'file', maxBytes: 1000, counts: [] },
      { name: 'big.csv', kind: 'table', maxBytes: 1000, counts: [] },
      { name: 'link.json', kind: 'file', maxBytes: 1000, counts: [], mediaType: 'application/json' },
      { name: 'absent.json', kind: 'metrics', maxBytes: 1000, counts: [] },
    ]);
    assert.deepEqual(r.outputs, []);
    const why = Object.fromEntries(r.refused.map((x) => [x.name, x.reasons.join('; ')]));
    assert.match(why['extra.txt'] ?? '', /not a declared output/);
    assert.match(why['m.json'] ?? '', /array of more than 256 numbers/);
    assert.match(why['f.bin'] ?? '', /DICOM file/);
    assert.match(why['big.csv'] ?? '', /2000 bytes, over its limit of 1000/);
    assert.match(why['link.json'] ?? '', /not a regular file/);
    assert.match(why['absent.json'] ?? '', /did not write it/);
  });
});
