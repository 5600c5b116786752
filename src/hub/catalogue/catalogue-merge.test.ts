import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDatasetMetadata } from '../../model/dataset-metadata.js';
import { exampleRecord } from '../../model/dcat/fixtures.js';
import { mergeNodeRecord } from './catalogue.service.js';

const fromNode = parseDatasetMetadata(exampleRecord());

describe('merging a node push into the hub record', () => {
  it("keeps the hub's edit of a field the node did not change, and takes the node's statistics", () => {
    const atHub = { ...fromNode, description: 'Edited at the hub.', keywords: ['hub keyword'] };
    const pushed = { ...fromNode, numberOfUniqueIndividuals: 999, numberOfRecords: 1200 };
    const merged = mergeNodeRecord(atHub, fromNode, pushed);
    assert.equal(merged.description, 'Edited at the hub.');
    assert.deepEqual(merged.keywords, ['hub keyword']);
    assert.equal(merged.numberOfUniqueIndividuals, 999);
    assert.equal(merged.numberOfRecords, 1200);
  });

  it('takes the node value of a field the node changed since its last push (the latest edit wins)', () => {
    const atHub = { ...fromNode, description: 'Edited at the hub.', title: 'Hub title' };
    const pushed = { ...fromNode, description: 'Rewritten at the node.' };
    const merged = mergeNodeRecord(atHub, fromNode, pushed);
    assert.equal(merged.description, 'Rewritten at the node.');
    assert.equal(merged.title, 'Hub title');
  });

  it('never lets the hub keep statistics or the identifier', () => {
    const atHub = { ...fromNode, modalities: ['RID10321'] };
    const merged = mergeNodeRecord(atHub, fromNode, fromNode);
    assert.deepEqual(merged.modalities, fromNode.modalities);
  });

  it("falls back to the node's record when the merge would be invalid", () => {
    // The node had a PUBLIC record with an HDAB; the hub made it NON_PUBLIC (valid: it has an
    // HDAB); the node then drops the HDAB. NON_PUBLIC without an HDAB is invalid: the node wins.
    const previous = parseDatasetMetadata({ ...exampleRecord(), accessRights: 'PUBLIC' });
    const atHub = parseDatasetMetadata({ ...previous, accessRights: 'NON_PUBLIC' });
    const pushed = parseDatasetMetadata({ ...exampleRecord(), accessRights: 'PUBLIC', hdab: undefined });
    const merged = mergeNodeRecord(atHub, previous, pushed);
    assert.equal(merged.accessRights, 'PUBLIC');
    assert.equal(merged.hdab, undefined);
  });
});
