import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CieError } from '../../errors.js';
import {
  allowedSteps,
  checkDatasetStep,
  checkRequestOpenForDecisions,
  checkRequestStep,
  conclusionOf,
  datasetMachine,
  requestMachine,
  type Mover,
} from './access.states.js';
import { datasetStates, requestStates, type DatasetState, type RequestState } from './access.tables.js';

const movers: Mover[] = ['requester', 'committee', 'representative', 'system'];

/** Every legal step, written out by hand from the issue, as "FROM>TO:by". */
const legalRequestSteps = new Set([
  'DRAFT>SUBMITTED:requester',
  'DRAFT>WITHDRAWN:requester',
  'SUBMITTED>UNDER_REVIEW:committee',
  'SUBMITTED>DECLINED:committee',
  'SUBMITTED>WITHDRAWN:requester',
  'UNDER_REVIEW>CONCLUDED:system',
  'UNDER_REVIEW>DECLINED:system',
  'UNDER_REVIEW>WITHDRAWN:requester',
]);
const legalDatasetSteps = new Set([
  'PENDING>APPROVED:representative',
  'PENDING>DECLINED:representative',
  'PENDING>NEEDS_INFORMATION:representative',
  'NEEDS_INFORMATION>PENDING:requester',
]);

function refusal(fn: () => void): CieError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof CieError);
    return err;
  }
  assert.fail('expected a refusal');
}

describe('access state machines', () => {
  it('accepts exactly the legal request steps, for every state × state × mover', () => {
    for (const from of requestStates) {
      for (const to of requestStates) {
        for (const by of movers) {
          const legal = legalRequestSteps.has(`${from}>${to}:${by}`);
          if (legal) {
            checkRequestStep(from, to, by);
            continue;
          }
          const err = refusal(() => checkRequestStep(from, to, by));
          assert.equal(err.code, 'ILLEGAL_TRANSITION');
          assert.equal(err.status, 409);
          assert.deepEqual(err.details, {
            current: from,
            requested: to,
            allowed: allowedSteps(requestMachine, from),
          });
        }
      }
    }
  });

  it('accepts exactly the legal dataset steps, for every state × state × mover', () => {
    for (const from of datasetStates) {
      for (const to of datasetStates) {
        for (const by of movers) {
          if (legalDatasetSteps.has(`${from}>${to}:${by}`)) checkDatasetStep(from, to, by);
          else assert.equal(refusal(() => checkDatasetStep(from, to, by)).status, 409);
        }
      }
    }
  });

  it('lists the steps people can take (not the system) from each state', () => {
    const expected: Record<RequestState, RequestState[]> = {
      DRAFT: ['SUBMITTED', 'WITHDRAWN'],
      SUBMITTED: ['UNDER_REVIEW', 'DECLINED', 'WITHDRAWN'],
      UNDER_REVIEW: ['WITHDRAWN'],
      CONCLUDED: [],
      DECLINED: [],
      WITHDRAWN: [],
    };
    for (const s of requestStates) assert.deepEqual(allowedSteps(requestMachine, s), expected[s], s);
    assert.deepEqual(allowedSteps(requestMachine, 'SUBMITTED', 'committee'), ['UNDER_REVIEW', 'DECLINED']);
    assert.deepEqual(allowedSteps(requestMachine, 'SUBMITTED', 'requester'), ['WITHDRAWN']);
    const ds: Record<DatasetState, DatasetState[]> = {
      PENDING: ['APPROVED', 'DECLINED', 'NEEDS_INFORMATION'],
      NEEDS_INFORMATION: ['PENDING'],
      APPROVED: [],
      DECLINED: [],
    };
    for (const s of datasetStates) assert.deepEqual(allowedSteps(datasetMachine, s), ds[s], s);
  });

  it('says what is possible in the refusal message', () => {
    assert.match(
      refusal(() => checkRequestStep('CONCLUDED', 'WITHDRAWN', 'requester')).message,
      /CONCLUDED is final/,
    );
    assert.match(
      refusal(() => checkRequestStep('DRAFT', 'UNDER_REVIEW', 'committee')).message,
      /DRAFT: it cannot become UNDER_REVIEW \(from DRAFT it can become SUBMITTED, WITHDRAWN\)/,
    );
  });

  it('lets datasets be decided only while the request is under review', () => {
    for (const s of requestStates) {
      if (s === 'UNDER_REVIEW') checkRequestOpenForDecisions(s, 'APPROVED');
      else assert.deepEqual(refusal(() => checkRequestOpenForDecisions(s, 'APPROVED')).details?.allowed, []);
    }
  });

  it('concludes when every dataset is decided, declined when none is approved', () => {
    assert.equal(conclusionOf(['APPROVED', 'PENDING']), undefined);
    assert.equal(conclusionOf(['APPROVED', 'NEEDS_INFORMATION']), undefined);
    assert.equal(conclusionOf(['APPROVED', 'DECLINED']), 'CONCLUDED');
    assert.equal(conclusionOf(['APPROVED']), 'CONCLUDED');
    assert.equal(conclusionOf(['DECLINED', 'DECLINED']), 'DECLINED');
  });
});
