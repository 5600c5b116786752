import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPurpose, type DatasetConditions } from './purpose-check.js';

const ds = (dataUse: DatasetConditions['dataUse'], slug = 'oslo.prostate'): DatasetConditions => ({
  catalogueEntryId: 7,
  slug,
  dataUse,
});
const use = (purpose: string[], endsAt = new Date('2027-01-01T00:00:00Z')) => ({
  purpose,
  ethicsReference: 'REK 2024/1',
  endsAt,
});

describe('purpose check against DUO data-use conditions', () => {
  it('accepts purposes the permission covers', () => {
    const hmb = ds({ permission: 'DUO:0000006', modifiers: [] });
    assert.deepEqual(checkPurpose(use(['DUO:0000006']), [hmb]), []);
    assert.deepEqual(checkPurpose(use(['DUO:0000007']), [hmb]), []);
    assert.deepEqual(
      checkPurpose(use(['DUO:0000011']), [ds({ permission: 'DUO:0000042', modifiers: [] })]),
      [],
    );
    assert.deepEqual(
      checkPurpose(use(['DUO:0000043']), [ds({ permission: 'DUO:0000004', modifiers: [] })]),
      [],
    );
    assert.deepEqual(checkPurpose(use(['DUO:0000042']), [ds(undefined)]), [], 'no conditions recorded');
  });

  it('names the dataset and the code when the purpose is outside the permission', () => {
    const [w, ...rest] = checkPurpose(use(['DUO:0000042']), [
      ds({ permission: 'DUO:0000006', modifiers: [] }),
    ]);
    assert.equal(rest.length, 0);
    assert.deepEqual(
      { id: w?.catalogueEntryId, slug: w?.slug, code: w?.code },
      { id: 7, slug: 'oslo.prostate', code: 'DUO:0000006' },
    );
    assert.match(
      w?.message ?? '',
      /oslo\.prostate: the dataset allows DUO:0000006 \(HMB.*\) only; the purpose DUO:0000042/,
    );
    assert.equal(
      checkPurpose(use(['DUO:0000043']), [ds({ permission: 'DUO:0000042', modifiers: [] })]).length,
      1,
    );
    assert.equal(
      checkPurpose(use(['DUO:0000006']), [
        ds({ permission: 'DUO:0000007', disease: 'SNOMEDCT1', modifiers: [] }),
      ]).length,
      1,
    );
  });

  it('checks the modifiers a requester must meet', () => {
    const cond = (code: string, value?: string) =>
      ds({
        permission: 'DUO:0000042',
        modifiers: [{ code: code as 'DUO:0000046', ...(value ? { value } : {}) }],
      });
    assert.deepEqual(
      checkPurpose(use(['DUO:0000042']), [cond('DUO:0000046')]).map((w) => w.code),
      ['DUO:0000046'],
    );
    assert.deepEqual(checkPurpose(use(['DUO:0000042', 'DUO:0000046']), [cond('DUO:0000046')]), []);
    assert.deepEqual(
      checkPurpose(use(['DUO:0000011']), [cond('DUO:0000044')]).map((w) => w.code),
      ['DUO:0000044'],
    );
    assert.deepEqual(
      checkPurpose({ ...use(['DUO:0000042']), ethicsReference: ' ' }, [cond('DUO:0000021')]).map(
        (w) => w.code,
      ),
      ['DUO:0000021'],
    );
    assert.deepEqual(
      checkPurpose(use(['DUO:0000042']), [cond('DUO:0000025', '2026-12-31')]).map((w) => w.code),
      ['DUO:0000025'],
    );
    assert.deepEqual(checkPurpose(use(['DUO:0000042']), [cond('DUO:0000025', '2027-06-30')]), []);
    assert.deepEqual(
      checkPurpose(use(['DUO:0000042']), [cond('DUO:0000019')]),
      [],
      'publication required is no mismatch',
    );
  });
});
