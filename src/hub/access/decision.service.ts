/**
 * Per-dataset decisions by the representatives of the dataset's organisation, the requester's
 * answer to a request for information, and the request's conclusion once every dataset is
 * decided. An approval creates the grant in the same transaction.
 */
import { audit } from '../../audit/audit.js';
import { CieError } from '../../errors.js';
import type { NotificationInput } from '../notifications/notifier.js';
import type { DecisionInput, RequestDetail } from './access.schema.js';
import { actorOf, sendNotifications, type AccessDeps, type Caller } from './access.deps.js';
import { notFound, requireParticipant, requireRequester, viewerOf } from './access.policy.js';
import {
  checkDatasetStep,
  checkRequestOpenForDecisions,
  checkRequestStep,
  conclusionOf,
} from './access.states.js';
import type { DatasetState } from './access.tables.js';
import { insertGrant } from './grant.repository.js';
import {
  committeeMembers,
  datasetsOf,
  insertEvent,
  lockRequest,
  representativesOf,
  setDatasetState,
  setRequestState,
  type RequestDatasetRow,
  type RequestRow,
} from './request.repository.js';
import { getRequest } from './request.service.js';
import { insertMessage } from './thread.repository.js';

const dayMs = 86_400_000;
const link = (id: number) => `/access/requests/${id}`;

function datasetOf(
  datasets: readonly RequestDatasetRow[],
  requestId: number,
  entryId: number,
): RequestDatasetRow {
  const d = datasets.find((x) => x.catalogueEntryId === entryId);
  if (!d) throw new CieError('NOT_FOUND', `access request ${requestId} has no dataset ${entryId}`);
  return d;
}

/** A representative of the dataset's organisation approves, declines or asks for information. */
export async function decideDataset(
  deps: AccessDeps,
  caller: Caller,
  id: number,
  entryId: number,
  input: DecisionInput,
): Promise<RequestDetail> {
  const notes = await deps.db.transaction().execute(async (tx) => {
    const row = await lockRequest(tx, id);
    if (!row) throw notFound(id);
    const datasets = await datasetsOf(tx, [id]);
    const viewer = requireParticipant(viewerOf(caller.user, row, datasets), id, row.state);
    const dataset = datasetOf(datasets, id, entryId);
    if (!viewer.representativeFor.includes(entryId))
      throw new CieError(
        'FORBIDDEN',
        `only representatives of ${dataset.organisationName} can decide on ${dataset.slug}`,
      );
    checkRequestOpenForDecisions(row.state, input.decision);
    checkDatasetStep(dataset.state, input.decision, 'representative');
    const now = new Date();
    const comment = input.comment ?? null;
    await setDatasetState(tx, id, entryId, {
      state: input.decision,
      by: caller.user.userId,
      at: now,
      comment,
    });
    await insertEvent(tx, {
      requestId: id,
      catalogueEntryId: entryId,
      actorId: caller.user.userId,
      from: dataset.state,
      to: input.decision,
      comment,
      at: now,
    });
    await audit(tx, {
      actor: actorOf(caller),
      action: 'access.dataset.decide',
      target: `access-request:${id}/dataset:${entryId}`,
      ip: caller.ip,
      details: { from: dataset.state, to: input.decision },
    });
    const requester = Number(row.requester_id);
    const sameOrg = await representativesOf(tx, [dataset.organisationId]);
    const notes: NotificationInput[] = [
      {
        recipients: [requester, ...sameOrg],
        kind: `access.dataset.${input.decision.toLowerCase().replace('_', '-')}`,
        subject: `${dataset.slug}: ${decisionWords[input.decision]}`,
        text: `${dataset.title} in "${row.project_title}": ${decisionWords[input.decision]}.${comment ? `\n\n${comment}` : ''}`,
        link: link(id),
      },
    ];
    if (input.decision === 'APPROVED') {
      const grant = await insertGrant(tx, {
        userId: requester,
        catalogueEntryId: entryId,
        requestId: id,
        purpose: row.purpose,
        startsAt: now,
        endsAt: new Date(now.getTime() + row.duration_days * dayMs),
        conditions: input.conditions ?? null,
      });
      await audit(tx, {
        actor: actorOf(caller),
        action: 'access.grant.create',
        target: `access-grant:${grant.id}`,
        ip: caller.ip,
        details: { userId: requester, catalogueEntryId: entryId, endsAt: grant.endsAt.toISOString() },
      });
    }
    const states = datasets.map((d) => (d.catalogueEntryId === entryId ? input.decision : d.state));
    notes.push(...(await concludeIfDecided(tx, row, states, now)));
    return notes;
  });
  await sendNotifications(deps, caller.user.userId, notes);
  return getRequest(deps, caller, id);
}

const decisionWords: Record<Exclude<DatasetState, 'PENDING'>, string> = {
  APPROVED: 'access approved',
  DECLINED: 'access declined',
  NEEDS_INFORMATION: 'more information needed',
};

async function concludeIfDecided(
  tx: AccessDeps['db'],
  row: RequestRow,
  states: readonly DatasetState[],
  now: Date,
): Promise<NotificationInput[]> {
  const end = conclusionOf(states);
  if (!end) return [];
  const id = Number(row.id);
  checkRequestStep(row.state, end, 'system');
  await setRequestState(tx, id, end, now);
  await insertEvent(tx, { requestId: id, actorId: null, from: row.state, to: end, at: now });
  await audit(tx, {
    actor: 'system',
    action: 'access.request.conclude',
    target: `access-request:${id}`,
    details: { from: row.state, to: end },
  });
  const datasets = await datasetsOf(tx, [id]);
  return [
    {
      recipients: [
        Number(row.requester_id),
        ...(await committeeMembers(tx)),
        ...(await representativesOf(tx, [...new Set(datasets.map((d) => d.organisationId))])),
      ],
      kind: end === 'CONCLUDED' ? 'access.request.concluded' : 'access.request.declined',
      subject: `Access request ${end === 'CONCLUDED' ? 'concluded' : 'declined'}: ${row.project_title}`,
      text:
        end === 'CONCLUDED'
          ? `Every dataset is decided; approved: ${datasets
              .filter((d) => d.state === 'APPROVED')
              .map((d) => d.slug)
              .join(', ')}.`
          : 'Every dataset is decided; none was approved.',
      link: link(id),
    },
  ];
}

/** The requester answers a request for information: a message, and the dataset is PENDING again. */
export async function provideInformation(
  deps: AccessDeps,
  caller: Caller,
  id: number,
  entryId: number,
  text: string,
): Promise<RequestDetail> {
  const notes = await deps.db.transaction().execute(async (tx) => {
    const row = await lockRequest(tx, id);
    if (!row) throw notFound(id);
    const datasets = await datasetsOf(tx, [id]);
    requireRequester(requireParticipant(viewerOf(caller.user, row, datasets), id, row.state), 'answer');
    const dataset = datasetOf(datasets, id, entryId);
    checkRequestOpenForDecisions(row.state, 'PENDING');
    checkDatasetStep(dataset.state, 'PENDING', 'requester');
    const now = new Date();
    await insertMessage(tx, { requestId: id, authorId: caller.user.userId, text });
    await setDatasetState(tx, id, entryId, {
      state: 'PENDING',
      by: caller.user.userId,
      at: now,
      comment: null,
    });
    await insertEvent(tx, {
      requestId: id,
      catalogueEntryId: entryId,
      actorId: caller.user.userId,
      from: dataset.state,
      to: 'PENDING',
      comment: 'information provided',
      at: now,
    });
    await audit(tx, {
      actor: actorOf(caller),
      action: 'access.dataset.information',
      target: `access-request:${id}/dataset:${entryId}`,
      ip: caller.ip,
    });
    return [
      {
        recipients: await representativesOf(tx, [dataset.organisationId]),
        kind: 'access.dataset.information-provided',
        subject: `${dataset.slug}: information provided`,
        text: `The requester of "${row.project_title}" answered:\n\n${text}`,
        link: link(id),
      },
    ];
  });
  await sendNotifications(deps, caller.user.userId, notes);
  return getRequest(deps, caller, id);
}
