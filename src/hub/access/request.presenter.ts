/** API shapes of requests (summaries for inboxes, the full timeline for one request). */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import type { AttachmentView, Person, RequestDetail, RequestSummary, TimelineItem } from './access.schema.js';
import { allowedSteps, requestMachine, type Mover } from './access.states.js';
import type { Viewer } from './access.policy.js';
import {
  datasetsOf,
  eventsOf,
  people,
  type PersonRow,
  type RequestDatasetRow,
  type RequestRow,
} from './request.repository.js';
import { attachmentsOf, messagesOf, type AttachmentMeta } from './thread.repository.js';

type Db = Kysely<HubDB>;

const unknownPerson = (id: number): Person => ({ id, displayName: `user ${id}`, email: '' });

function personOf(map: Map<number, PersonRow>, id: number): Person {
  return map.get(id) ?? unknownPerson(id);
}

function summaryOf(
  row: RequestRow,
  datasets: readonly RequestDatasetRow[],
  who: Map<number, PersonRow>,
  representativeOf: readonly number[],
): RequestSummary {
  return {
    id: Number(row.id),
    state: row.state,
    projectTitle: row.project_title,
    requester: personOf(who, Number(row.requester_id)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    datasets: datasets.map((d) => ({
      catalogueEntryId: d.catalogueEntryId,
      slug: d.slug,
      title: d.title,
      organisationId: d.organisationId,
      organisationName: d.organisationName,
      state: d.state,
      decidedBy: d.decidedBy === null ? null : personOf(who, d.decidedBy),
      decidedAt: d.decidedAt,
      comment: d.comment,
      representedByViewer: representativeOf.includes(d.organisationId),
    })),
  };
}

/** Summaries of requests for a viewer who represents `representativeOf` organisations. */
export async function presentSummaries(
  db: Db,
  rows: readonly RequestRow[],
  representativeOf: readonly number[],
): Promise<RequestSummary[]> {
  const datasets = await datasetsOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  const who = await people(db, [
    ...rows.map((r) => Number(r.requester_id)),
    ...datasets.flatMap((d) => (d.decidedBy === null ? [] : [d.decidedBy])),
  ]);
  return rows.map((r) =>
    summaryOf(
      r,
      datasets.filter((d) => d.requestId === Number(r.id)),
      who,
      representativeOf,
    ),
  );
}

export function attachmentUrl(a: Pick<AttachmentMeta, 'requestId' | 'id'>): string {
  return `/api/v1/access/requests/${a.requestId}/attachments/${a.id}`;
}

export function presentAttachment(a: AttachmentMeta, uploader: Person): AttachmentView {
  return {
    id: a.id,
    fileName: a.fileName,
    mediaType: a.mediaType,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    uploader,
    createdAt: a.createdAt,
    downloadUrl: attachmentUrl(a),
  };
}

/** The request with everything that happened to it, in order. */
export async function presentDetail(
  db: Db,
  row: RequestRow,
  viewer: Viewer,
  representativeOf: readonly number[],
): Promise<RequestDetail> {
  const id = Number(row.id);
  const [datasets, events, messages, attachments] = await Promise.all([
    datasetsOf(db, [id]),
    eventsOf(db, id),
    messagesOf(db, id),
    attachmentsOf(db, id),
  ]);
  const who = await people(db, [
    Number(row.requester_id),
    ...datasets.flatMap((d) => (d.decidedBy === null ? [] : [d.decidedBy])),
    ...events.flatMap((e) => (e.actor_id === null ? [] : [Number(e.actor_id)])),
    ...messages.map((m) => m.authorId),
    ...attachments.map((a) => a.uploaderId),
  ]);
  const timeline: TimelineItem[] = [
    ...events.map((e): TimelineItem => ({
      kind: 'state',
      at: e.at,
      actor: e.actor_id === null ? null : personOf(who, Number(e.actor_id)),
      catalogueEntryId: e.catalogue_entry_id === null ? null : Number(e.catalogue_entry_id),
      from: e.from_state,
      to: e.to_state,
      comment: e.comment,
    })),
    ...messages.map((m): TimelineItem => ({
      kind: 'message',
      at: m.createdAt,
      message: { id: m.id, author: personOf(who, m.authorId), text: m.text, createdAt: m.createdAt },
    })),
    ...attachments.map((a): TimelineItem => ({
      kind: 'attachment',
      at: a.createdAt,
      attachment: presentAttachment(a, personOf(who, a.uploaderId)),
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const movers: Mover[] = [
    ...(viewer.isRequester ? (['requester'] as const) : []),
    ...(viewer.isCommittee ? (['committee'] as const) : []),
  ];
  return {
    ...summaryOf(row, datasets, who, representativeOf),
    projectSummary: row.project_summary,
    principalInvestigator: row.principal_investigator,
    institution: row.institution,
    purpose: row.purpose,
    ethicsReference: row.ethics_reference,
    durationDays: row.duration_days,
    warnings: row.warnings,
    timeline,
    viewer: {
      isRequester: viewer.isRequester,
      isCommittee: viewer.isCommittee,
      representativeFor: viewer.representativeFor,
      allowedTransitions: movers.flatMap((m) => allowedSteps(requestMachine, row.state, m)),
    },
  };
}
