/**
 * Access requests: drafts, submission, the committee's administrative check, withdrawal, and the
 * views (one request, inboxes). Every change runs in a transaction that first locks the request
 * row, so concurrent steps on one request are serialised and an illegal one writes nothing.
 */
import type { Kysely } from 'kysely';
import { audit } from '../../audit/audit.js';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import type { NotificationInput } from '../notifications/notifier.js';
import type {
  CreateRequestInput,
  RequestDetail,
  RequestSummary,
  UpdateRequestInput,
} from './access.schema.js';
import { actorOf, sendNotifications, type AccessDeps, type Caller } from './access.deps.js';
import { notFound, requireParticipant, requireRequester, viewerOf, type Viewer } from './access.policy.js';
import { checkRequestStep } from './access.states.js';
import type { PurposeWarning, RequestState } from './access.tables.js';
import { revokeGrantsOfRequest } from './grant.repository.js';
import { checkPurpose } from './purpose-check.js';
import { presentDetail, presentSummaries } from './request.presenter.js';
import {
  committeeMembers,
  datasetsOf,
  findEntries,
  findRequest,
  insertEvent,
  insertRequest,
  listRequests,
  lockRequest,
  representativesOf,
  setDatasets,
  setRequestState,
  updateRequest,
  type EntryRef,
  type RequestRow,
} from './request.repository.js';

type Db = Kysely<HubDB>;
const dayMs = 86_400_000;

/** The entries named, each published, from a node; else 400 naming every one that is not. */
async function requestableEntries(db: Db, refs: readonly (number | string)[]): Promise<EntryRef[]> {
  const found = await findEntries(db, refs);
  const problems: string[] = [];
  const picked = new Map<number, EntryRef>();
  for (const ref of refs) {
    const e = found.find((f) => (typeof ref === 'number' ? f.id === ref : f.slug === ref));
    if (!e) problems.push(`${ref}: no such catalogue entry`);
    else if (e.state !== 'published') problems.push(`${e.slug}: not published (${e.state})`);
    else if (e.origin !== 'node' || e.organisationId === null)
      problems.push(`${e.slug}: listed from another catalogue; ask its provider for access`);
    else picked.set(e.id, e);
  }
  if (problems.length)
    throw new CieError(
      'VALIDATION_FAILED',
      `these datasets cannot be requested here: ${problems.join('; ')}`,
      {
        datasets: problems,
      },
    );
  return [...picked.values()];
}

function warningsFor(
  f: { purpose: string[]; ethicsReference: string; durationDays: number },
  entries: readonly EntryRef[],
  now: Date,
): PurposeWarning[] {
  return checkPurpose(
    {
      purpose: f.purpose,
      ethicsReference: f.ethicsReference,
      endsAt: new Date(now.getTime() + f.durationDays * dayMs),
    },
    entries.map((e) => ({ catalogueEntryId: e.id, slug: e.slug, dataUse: e.dataUse })),
  );
}

async function viewerFor(db: Db, caller: Caller, row: RequestRow): Promise<Viewer> {
  const datasets = await datasetsOf(db, [Number(row.id)]);
  return requireParticipant(viewerOf(caller.user, row, datasets), Number(row.id), row.state);
}

/** One request with its full timeline; 404 unless the caller takes part in it. */
export async function getRequest(deps: AccessDeps, caller: Caller, id: number): Promise<RequestDetail> {
  const row = await findRequest(deps.db, id);
  if (!row) throw notFound(id);
  const viewer = await viewerFor(deps.db, caller, row);
  return presentDetail(deps.db, row, viewer, caller.user.representativeOf);
}

export async function createDraft(
  deps: AccessDeps,
  caller: Caller,
  input: CreateRequestInput,
): Promise<RequestDetail> {
  const id = await deps.db.transaction().execute(async (tx) => {
    const entries = await requestableEntries(tx, input.datasets);
    const now = new Date();
    const newId = await insertRequest(tx, caller.user.userId, input, warningsFor(input, entries, now));
    await setDatasets(
      tx,
      newId,
      entries.map((e) => e.id),
    );
    await insertEvent(tx, {
      requestId: newId,
      actorId: caller.user.userId,
      from: null,
      to: 'DRAFT',
      at: now,
    });
    await audit(tx, {
      actor: actorOf(caller),
      action: 'access.request.create',
      target: `access-request:${newId}`,
      ip: caller.ip,
      details: { datasets: entries.map((e) => e.id) },
    });
    return newId;
  });
  return getRequest(deps, caller, id);
}

/** Change a DRAFT (only its requester); the purpose check runs again. */
export async function updateDraft(
  deps: AccessDeps,
  caller: Caller,
  id: number,
  input: UpdateRequestInput,
): Promise<RequestDetail> {
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockRequest(tx, id);
    if (!row) throw notFound(id);
    requireRequester(await viewerFor(tx, caller, row), 'edit the request');
    if (row.state !== 'DRAFT')
      throw new CieError('ILLEGAL_TRANSITION', `the request is ${row.state}: only a DRAFT can be edited`, {
        current: row.state,
        requested: 'DRAFT',
        allowed: [],
      });
    const entries = input.datasets
      ? await requestableEntries(tx, input.datasets)
      : await findEntries(
          tx,
          (await datasetsOf(tx, [id])).map((d) => d.catalogueEntryId),
        );
    if (input.datasets)
      await setDatasets(
        tx,
        id,
        entries.map((e) => e.id),
      );
    const merged = {
      purpose: input.purpose ?? row.purpose,
      ethicsReference: input.ethicsReference ?? row.ethics_reference,
      durationDays: input.durationDays ?? row.duration_days,
    };
    await updateRequest(tx, id, input, warningsFor(merged, entries, new Date()));
    await audit(tx, {
      actor: actorOf(caller),
      action: 'access.request.update',
      target: `access-request:${id}`,
      ip: caller.ip,
      details: { fields: Object.keys(input) },
    });
  });
  return getRequest(deps, caller, id);
}

interface StepPlan {
  to: RequestState;
  action: string;
  comment?: string | undefined;
  /** Who may take it, checked before the state machine. */
  who: (v: Viewer) => void;
  mover: 'requester' | 'committee';
  notify: (row: RequestRow, tx: Db) => Promise<NotificationInput[]>;
}

/** One request step: lock, check who, check the machine, write state + timeline + audit, notify. */
async function step(deps: AccessDeps, caller: Caller, id: number, plan: StepPlan): Promise<RequestDetail> {
  const notes = await deps.db.transaction().execute(async (tx) => {
    const row = await lockRequest(tx, id);
    if (!row) throw notFound(id);
    plan.who(await viewerFor(tx, caller, row));
    checkRequestStep(row.state, plan.to, plan.mover);
    const now = new Date();
    if (plan.to === 'SUBMITTED') {
      // Conditions may have changed since the draft was saved: check the purpose again.
      const entries = await findEntries(
        tx,
        (await datasetsOf(tx, [id])).map((d) => d.catalogueEntryId),
      );
      await updateRequest(tx, id, {}, warningsFor(fieldsOf(row), entries, now));
    }
    await setRequestState(tx, id, plan.to, now);
    await insertEvent(tx, {
      requestId: id,
      actorId: caller.user.userId,
      from: row.state,
      to: plan.to,
      comment: plan.comment ?? null,
      at: now,
    });
    await audit(tx, {
      actor: actorOf(caller),
      action: plan.action,
      target: `access-request:${id}`,
      ip: caller.ip,
      details: { from: row.state, to: plan.to },
    });
    if (plan.to === 'WITHDRAWN') {
      for (const g of await revokeGrantsOfRequest(tx, {
        requestId: id,
        by: caller.user.userId,
        reason: 'request withdrawn',
        at: now,
      }))
        await audit(tx, {
          actor: actorOf(caller),
          action: 'access.grant.revoke',
          target: `access-grant:${g}`,
          ip: caller.ip,
          details: { reason: 'request withdrawn' },
        });
    }
    return plan.notify(row, tx);
  });
  await sendNotifications(deps, caller.user.userId, notes);
  return getRequest(deps, caller, id);
}

const fieldsOf = (row: RequestRow) => ({
  purpose: row.purpose,
  ethicsReference: row.ethics_reference,
  durationDays: row.duration_days,
});

const link = (id: number) => `/access/requests/${id}`;

async function orgRepresentatives(tx: Db, id: number): Promise<number[]> {
  return representativesOf(tx, [...new Set((await datasetsOf(tx, [id])).map((d) => d.organisationId))]);
}

const note = (
  row: RequestRow,
  recipients: number[],
  kind: string,
  subject: string,
  text: string,
): NotificationInput => ({
  recipients,
  kind,
  subject: `${subject}: ${row.project_title}`,
  text,
  link: link(Number(row.id)),
});

export function submitRequest(deps: AccessDeps, caller: Caller, id: number, comment?: string) {
  return step(deps, caller, id, {
    to: 'SUBMITTED',
    action: 'access.request.submit',
    comment,
    mover: 'requester',
    who: (v) => requireRequester(v, 'submit the request'),
    notify: async (row, tx) => [
      note(
        row,
        await committeeMembers(tx),
        'access.request.submitted',
        'Access request submitted',
        'A new access request waits for the administrative check.',
      ),
    ],
  });
}

export function withdrawRequest(deps: AccessDeps, caller: Caller, id: number, comment?: string) {
  return step(deps, caller, id, {
    to: 'WITHDRAWN',
    action: 'access.request.withdraw',
    comment,
    mover: 'requester',
    who: (v) => requireRequester(v, 'withdraw the request'),
    notify: async (row, tx) =>
      row.state === 'DRAFT'
        ? []
        : [
            note(
              row,
              [
                ...(await committeeMembers(tx)),
                ...(row.state === 'UNDER_REVIEW' ? await orgRepresentatives(tx, id) : []),
              ],
              'access.request.withdrawn',
              'Access request withdrawn',
              'The requester withdrew this access request.',
            ),
          ],
  });
}

const requireCommittee = (v: Viewer): void => {
  if (!v.isCommittee) throw new CieError('FORBIDDEN', 'only the access committee can do this');
};

export function startReview(deps: AccessDeps, caller: Caller, id: number, comment?: string) {
  return step(deps, caller, id, {
    to: 'UNDER_REVIEW',
    action: 'access.request.review',
    comment,
    mover: 'committee',
    who: requireCommittee,
    notify: async (row, tx) => [
      note(
        row,
        [Number(row.requester_id)],
        'access.request.under-review',
        'Access request under review',
        'The access committee checked your request; the data holders now decide on each dataset.',
      ),
      note(
        row,
        await orgRepresentatives(tx, id),
        'access.request.decide',
        'Access request to decide',
        'An access request for datasets of your organisation waits for your decision.',
      ),
    ],
  });
}

export function declineRequest(deps: AccessDeps, caller: Caller, id: number, reason: string) {
  return step(deps, caller, id, {
    to: 'DECLINED',
    action: 'access.request.decline',
    comment: reason,
    mover: 'committee',
    who: requireCommittee,
    notify: (row) =>
      Promise.resolve([
        note(
          row,
          [Number(row.requester_id)],
          'access.request.declined',
          'Access request declined',
          `The access committee declined your request: ${reason}`,
        ),
      ]),
  });
}

/** The requester's own requests. */
export async function myRequests(deps: AccessDeps, caller: Caller): Promise<RequestSummary[]> {
  const rows = await listRequests(deps.db, { requesterId: caller.user.userId });
  return presentSummaries(deps.db, rows, caller.user.representativeOf);
}

/** The committee's inbox: requests waiting for the administrative check or under review. */
export async function committeeInbox(deps: AccessDeps, caller: Caller): Promise<RequestSummary[]> {
  const rows = await listRequests(deps.db, { states: ['SUBMITTED', 'UNDER_REVIEW'] });
  return presentSummaries(deps.db, rows, caller.user.representativeOf);
}

/** A representative's inbox: submitted requests that contain their organisations' datasets. */
export async function representativeInbox(deps: AccessDeps, caller: Caller): Promise<RequestSummary[]> {
  const rows = await listRequests(deps.db, { organisationIds: caller.user.representativeOf });
  return presentSummaries(deps.db, rows, caller.user.representativeOf);
}
