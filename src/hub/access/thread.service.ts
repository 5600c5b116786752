/**
 * A request's message thread and attachments, open to its participants only (requester,
 * committee, representatives of its datasets' organisations; see access.policy.ts).
 */
import { createHash } from 'node:crypto';
import { audit } from '../../audit/audit.js';
import { CieError } from '../../errors.js';
import type { AttachmentView, MessageView } from './access.schema.js';
import { actorOf, sendNotifications, type AccessDeps, type Caller } from './access.deps.js';
import { notFound, requireParticipant, viewerOf, type Viewer } from './access.policy.js';
import { attachmentTypes, type AttachmentType } from './access.tables.js';
import { cleanFileName, sniffAttachmentType } from './attachment-type.js';
import { presentAttachment } from './request.presenter.js';
import {
  committeeMembers,
  datasetsOf,
  findRequest,
  people,
  representativesOf,
  type RequestRow,
} from './request.repository.js';
import { attachmentContent, insertAttachment, insertMessage, messagesOf } from './thread.repository.js';

async function participant(
  deps: AccessDeps,
  caller: Caller,
  id: number,
): Promise<{ row: RequestRow; viewer: Viewer; orgs: number[] }> {
  const row = await findRequest(deps.db, id);
  if (!row) throw notFound(id);
  const datasets = await datasetsOf(deps.db, [id]);
  const viewer = requireParticipant(viewerOf(caller.user, row, datasets), id, row.state);
  return { row, viewer, orgs: [...new Set(datasets.map((d) => d.organisationId))] };
}

/** Everyone who takes part in the request (who hears of new messages). */
async function participants(deps: AccessDeps, row: RequestRow, orgs: number[]): Promise<number[]> {
  if (row.state === 'DRAFT') return [Number(row.requester_id)];
  return [
    Number(row.requester_id),
    ...(await committeeMembers(deps.db)),
    ...(await representativesOf(deps.db, orgs)),
  ];
}

export async function listMessages(deps: AccessDeps, caller: Caller, id: number): Promise<MessageView[]> {
  await participant(deps, caller, id);
  const messages = await messagesOf(deps.db, id);
  const who = await people(
    deps.db,
    messages.map((m) => m.authorId),
  );
  return messages.map((m) => ({
    id: m.id,
    author: who.get(m.authorId) ?? { id: m.authorId, displayName: `user ${m.authorId}`, email: '' },
    text: m.text,
    createdAt: m.createdAt,
  }));
}

export async function postMessage(
  deps: AccessDeps,
  caller: Caller,
  id: number,
  text: string,
): Promise<MessageView> {
  const { row, orgs } = await participant(deps, caller, id);
  const message = await deps.db.transaction().execute(async (tx) => {
    const m = await insertMessage(tx, { requestId: id, authorId: caller.user.userId, text });
    await audit(tx, {
      actor: actorOf(caller),
      action: 'access.message.post',
      target: `access-request:${id}/message:${m.id}`,
      ip: caller.ip,
    });
    return m;
  });
  const who = await people(deps.db, [caller.user.userId]);
  const author = who.get(caller.user.userId) ?? { id: caller.user.userId, displayName: '', email: '' };
  await sendNotifications(deps, caller.user.userId, [
    {
      recipients: await participants(deps, row, orgs),
      kind: 'access.message',
      subject: `New message: ${row.project_title}`,
      text: `${author.displayName} wrote:\n\n${text}`,
      link: `/access/requests/${id}`,
    },
  ]);
  return { id: message.id, author, text: message.text, createdAt: message.createdAt };
}

export interface Upload {
  /** The Content-Type the client declared (parameters stripped). */
  declaredType: string;
  fileName: string | undefined;
  bytes: Uint8Array;
}

/** Store an attachment (PDF, PNG or JPEG, checked by its bytes) with its SHA-256. */
export async function uploadAttachment(
  deps: AccessDeps,
  caller: Caller,
  id: number,
  upload: Upload,
): Promise<AttachmentView> {
  const { row, orgs } = await participant(deps, caller, id);
  const declared = upload.declaredType.toLowerCase();
  if (!(attachmentTypes as readonly string[]).includes(declared))
    throw new CieError(
      'UNSUPPORTED_MEDIA_TYPE',
      `attachments must be ${attachmentTypes.join(', ')}; got ${declared || 'no type'}`,
    );
  const actual = sniffAttachmentType(upload.bytes);
  if (actual !== declared)
    throw new CieError(
      'UNSUPPORTED_MEDIA_TYPE',
      actual
        ? `the file is ${actual}, not ${declared} as declared: send it with Content-Type ${actual}`
        : `the file is not a ${declared} (its first bytes do not match): only PDF, PNG and JPEG files are accepted`,
    );
  const type: AttachmentType = actual;
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  const meta = await deps.db.transaction().execute(async (tx) => {
    const a = await insertAttachment(tx, {
      requestId: id,
      uploaderId: caller.user.userId,
      fileName: cleanFileName(upload.fileName, type),
      mediaType: type,
      sizeBytes: upload.bytes.byteLength,
      sha256,
      content: upload.bytes,
    });
    await audit(tx, {
      actor: actorOf(caller),
      action: 'access.attachment.upload',
      target: `access-request:${id}/attachment:${a.id}`,
      ip: caller.ip,
      details: { sha256, sizeBytes: a.sizeBytes, mediaType: type },
    });
    return a;
  });
  const who = await people(deps.db, [caller.user.userId]);
  const uploader = who.get(caller.user.userId) ?? { id: caller.user.userId, displayName: '', email: '' };
  await sendNotifications(deps, caller.user.userId, [
    {
      recipients: await participants(deps, row, orgs),
      kind: 'access.attachment',
      subject: `New attachment: ${row.project_title}`,
      text: `${uploader.displayName} attached ${meta.fileName}.`,
      link: `/access/requests/${id}`,
    },
  ]);
  return presentAttachment(meta, uploader);
}

/** The stored bytes of an attachment, for its participants; the download is audited. */
export async function downloadAttachment(deps: AccessDeps, caller: Caller, id: number, attachmentId: number) {
  await participant(deps, caller, id);
  const a = await attachmentContent(deps.db, id, attachmentId);
  if (!a) throw new CieError('NOT_FOUND', `access request ${id} has no attachment ${attachmentId}`);
  await audit(deps.db, {
    actor: actorOf(caller),
    action: 'access.attachment.download',
    target: `access-request:${id}/attachment:${attachmentId}`,
    ip: caller.ip,
    details: { sha256: a.sha256 },
  });
  return a;
}
