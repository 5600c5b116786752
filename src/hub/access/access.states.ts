/**
 * The state machines of an access request and of each dataset in it, as data. Pure: no I/O.
 *
 * Request: DRAFT → SUBMITTED (requester) → UNDER_REVIEW (committee, administrative check) →
 * CONCLUDED / DECLINED (by the system when every dataset is decided); the committee may decline
 * a SUBMITTED request; the requester may withdraw from DRAFT, SUBMITTED or UNDER_REVIEW.
 * Dataset: PENDING → APPROVED / DECLINED / NEEDS_INFORMATION (its organisation's
 * representatives, only while the request is UNDER_REVIEW); NEEDS_INFORMATION → PENDING when
 * the requester answers.
 */
import { CieError } from '../../errors.js';
import type { DatasetState, RequestState } from './access.tables.js';

/** Who takes a step: `system` steps follow from others and no one can ask for them. */
export type Mover = 'requester' | 'committee' | 'representative' | 'system';

interface Step<S> {
  to: S;
  by: Mover;
}

export const requestMachine: Record<RequestState, readonly Step<RequestState>[]> = {
  DRAFT: [
    { to: 'SUBMITTED', by: 'requester' },
    { to: 'WITHDRAWN', by: 'requester' },
  ],
  SUBMITTED: [
    { to: 'UNDER_REVIEW', by: 'committee' },
    { to: 'DECLINED', by: 'committee' },
    { to: 'WITHDRAWN', by: 'requester' },
  ],
  UNDER_REVIEW: [
    { to: 'CONCLUDED', by: 'system' },
    { to: 'DECLINED', by: 'system' },
    { to: 'WITHDRAWN', by: 'requester' },
  ],
  CONCLUDED: [],
  DECLINED: [],
  WITHDRAWN: [],
};

export const datasetMachine: Record<DatasetState, readonly Step<DatasetState>[]> = {
  PENDING: [
    { to: 'APPROVED', by: 'representative' },
    { to: 'DECLINED', by: 'representative' },
    { to: 'NEEDS_INFORMATION', by: 'representative' },
  ],
  NEEDS_INFORMATION: [{ to: 'PENDING', by: 'requester' }],
  APPROVED: [],
  DECLINED: [],
};

/** States a person (not the system) may move to from `from`; only `by`'s when given. */
export function allowedSteps<S extends string>(
  machine: Record<S, readonly Step<S>[]>,
  from: S,
  by?: Mover,
): S[] {
  return machine[from].filter((s) => s.by !== 'system' && (by === undefined || s.by === by)).map((s) => s.to);
}

function check<S extends string>(
  machine: Record<S, readonly Step<S>[]>,
  what: string,
  from: S,
  to: S,
  by: Mover,
): void {
  if (machine[from].some((s) => s.to === to && s.by === by)) return;
  const allowed = allowedSteps(machine, from);
  throw new CieError(
    'ILLEGAL_TRANSITION',
    `${what} is ${from}: it cannot become ${to}` +
      (allowed.length ? ` (from ${from} it can become ${allowed.join(', ')})` : ` (${from} is final)`),
    { current: from, requested: to, allowed },
  );
}

/** Throws 409 ILLEGAL_TRANSITION (details: current, requested, allowed) unless `by` may move the request. */
export function checkRequestStep(from: RequestState, to: RequestState, by: Mover): void {
  check(requestMachine, 'the request', from, to, by);
}

/** Throws 409 ILLEGAL_TRANSITION unless `by` may move the dataset's state. */
export function checkDatasetStep(from: DatasetState, to: DatasetState, by: Mover): void {
  check(datasetMachine, 'the dataset', from, to, by);
}

/** Datasets are decided only while their request is under review. */
export function checkRequestOpenForDecisions(request: RequestState, datasetTo: DatasetState): void {
  if (request === 'UNDER_REVIEW') return;
  throw new CieError(
    'ILLEGAL_TRANSITION',
    `the request is ${request}: datasets are decided only while it is UNDER_REVIEW`,
    { current: request, requested: datasetTo, allowed: [] },
  );
}

/** The request's end state once every dataset is decided; undefined while some are open. */
export function conclusionOf(datasets: readonly DatasetState[]): 'CONCLUDED' | 'DECLINED' | undefined {
  if (datasets.some((s) => s === 'PENDING' || s === 'NEEDS_INFORMATION')) return undefined;
  return datasets.includes('APPROVED') ? 'CONCLUDED' : 'DECLINED';
}
