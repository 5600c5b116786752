import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CieError } from '../errors.js';
import { parseDatasetMetadata } from './dataset-metadata.js';
import { exampleRecord } from './dcat/fixtures.js';

function rejects(input: unknown, pattern: RegExp): CieError {
  try {
    parseDatasetMetadata(input);
  } catch (err) {
    assert.ok(err instanceof CieError);
    assert.equal(err.code, 'VALIDATION_FAILED');
    assert.equal(err.status, 400);
    assert.match(err.message, pattern);
    return err;
  }
  assert.fail('expected a validation error');
}

describe('dataset metadata', () => {
  it('accepts a complete record and fills defaults', () => {
    const { version: _v, themes: _t, ...rest } = exampleRecord();
    const m = parseDatasetMetadata(rest);
    assert.equal(m.version, '1.0');
    assert.deepEqual(m.themes, ['HEAL']);
    assert.deepEqual(m.applicableLegislation, ['EHDS', 'GDPR']);
  });

  it('names the field of each problem by its JSON path', () => {
    const err = rejects(
      exampleRecord({
        title: '  ',
        distributions: [{ accessCondition: 'IN_SITU_PROCESSING', accessUrl: 'ftp://x' }],
      }),
      /\$\.title: must not be empty.*\$\.distributions\[0\]\.accessUrl: must be an http\(s\) URL/,
    );
    const issues = err.details?.issues as Array<{ path: string }>;
    assert.deepEqual(
      issues.map((i) => i.path),
      ['$.title', '$.distributions[0].accessUrl'],
    );
  });

  it('rejects unknown codes', () => {
    rejects(exampleRecord({ accessRights: 'SECRET' as never }), /\$\.accessRights/);
    rejects(
      exampleRecord({ modalities: ['RID99999'] }),
      /\$\.modalities\[0\]: is not a known RadLex modality code/,
    );
    rejects(exampleRecord({ bodyParts: ['SNOMEDCT1'] }), /\$\.bodyParts\[0\]/);
    rejects(
      exampleRecord({ dataUse: { permission: 'DUO:0000099' as never, modifiers: [] } }),
      /\$\.dataUse\.permission: must be one of DUO:0000004/,
    );
    rejects(
      exampleRecord({
        dataUse: { permission: 'DUO:0000042', modifiers: [{ code: 'DUO:0000001' as never }] },
      }),
      /\$\.dataUse\.modifiers\[0\]\.code/,
    );
    rejects(exampleRecord({ conditions: ['C50'] }), /\$\.conditions\[0\]: must be a SNOMED CT code/);
    rejects(exampleRecord({ themes: ['HEALTH' as never] }), /\$\.themes\[0\]/);
  });

  it('needs a disease for disease-specific research and a consistent age range', () => {
    rejects(exampleRecord({ dataUse: { permission: 'DUO:0000007', modifiers: [] } }), /\$\.dataUse\.disease/);
    rejects(exampleRecord({ minTypicalAge: 90, maxTypicalAge: 20 }), /\$\.minTypicalAge: must not exceed/);
  });

  it('needs an HDAB for NON_PUBLIC datasets only, and says which fields are missing', () => {
    rejects(exampleRecord({ hdab: undefined }), /\$\.hdab: is required for NON_PUBLIC datasets/);
    const m = parseDatasetMetadata(
      exampleRecord({ hdab: undefined, dataUse: undefined, accessRights: 'PUBLIC' }),
    );
    assert.equal(m.hdab, undefined);
    const { title: _t, ...untitled } = exampleRecord();
    rejects(untitled, /\$\.title: is required/);
  });

  it('needs a way to reach the contact point', () => {
    rejects(
      exampleRecord({ contactPoint: { name: 'Desk' } }),
      /\$\.contactPoint\.email: a contact point needs/,
    );
  });
});
