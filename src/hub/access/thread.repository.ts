/** SQL for a request's message thread and its attachments (file bytes kept in the database). */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import type { AttachmentType } from './access.tables.js';

type Db = Kysely<HubDB>;

export interface MessageRow {
  id: number;
  requestId: number;
  authorId: number;
  text: string;
  createdAt: Date;
}

export interface AttachmentMeta {
  id: number;
  requestId: number;
  uploaderId: number;
  fileName: string;
  mediaType: AttachmentType;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
}

export async function insertMessage(
  db: Db,
  m: { requestId: number; authorId: number; text: string },
): Promise<MessageRow> {
  const row = await db
    .insertInto('access_message')
    .values({ request_id: m.requestId, author_id: m.authorId, body: m.text })
    .returningAll()
    .executeTakeFirstOrThrow();
  return {
    id: Number(row.id),
    requestId: Number(row.request_id),
    authorId: Number(row.author_id),
    text: row.body,
    createdAt: row.created_at,
  };
}

export async function messagesOf(db: Db, requestId: number): Promise<MessageRow[]> {
  const rows = await db
    .selectFrom('access_message')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    requestId: Number(row.request_id),
    authorId: Number(row.author_id),
    text: row.body,
    createdAt: row.created_at,
  }));
}

const metaColumns = [
  'id',
  'request_id',
  'uploader_id',
  'file_name',
  'media_type',
  'size_bytes',
  'sha256',
  'created_at',
] as const;

function presentMeta(row: {
  id: number;
  request_id: number;
  uploader_id: number;
  file_name: string;
  media_type: AttachmentType;
  size_bytes: number;
  sha256: string;
  created_at: Date;
}): AttachmentMeta {
  return {
    id: Number(row.id),
    requestId: Number(row.request_id),
    uploaderId: Number(row.uploader_id),
    fileName: row.file_name,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    createdAt: row.created_at,
  };
}

export async function insertAttachment(
  db: Db,
  a: Omit<AttachmentMeta, 'id' | 'createdAt'> & { content: Uint8Array },
): Promise<AttachmentMeta> {
  const row = await db
    .insertInto('access_attachment')
    .values({
      request_id: a.requestId,
      uploader_id: a.uploaderId,
      file_name: a.fileName,
      media_type: a.mediaType,
      size_bytes: a.sizeBytes,
      sha256: a.sha256,
      content: a.content,
    })
    .returning(metaColumns)
    .executeTakeFirstOrThrow();
  return presentMeta(row);
}

export async function attachmentsOf(db: Db, requestId: number): Promise<AttachmentMeta[]> {
  const rows = await db
    .selectFrom('access_attachment')
    .select(metaColumns)
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
  return rows.map(presentMeta);
}

export async function attachmentContent(
  db: Db,
  requestId: number,
  id: number,
): Promise<(AttachmentMeta & { content: Uint8Array }) | undefined> {
  const row = await db
    .selectFrom('access_attachment')
    .select([...metaColumns, 'content'])
    .where('request_id', '=', requestId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { ...presentMeta(row), content: row.content };
}
