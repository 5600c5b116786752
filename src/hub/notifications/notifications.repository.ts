/** SQL of in-app notifications and the mail queue (tables in notifications.tables.ts). */
import type { Kysely, Selectable } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import type { MailQueueTable, NotificationTable } from './notifications.tables.js';

export type NotificationRow = Selectable<NotificationTable>;
export type MailRow = Selectable<MailQueueTable>;

export interface NewNotification {
  kind: string;
  subject: string;
  body: string;
  link: string | null;
}

/** Enabled recipients among these user ids, with their e-mail addresses. */
export async function findRecipients(
  db: Kysely<HubDB>,
  userIds: readonly number[],
): Promise<{ id: number; email: string }[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('hub_user')
    .select(['id', 'email'])
    .where('id', 'in', [...userIds])
    .where('disabled', '=', false)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), email: r.email }));
}

/**
 * One notification per recipient and, when `mail` is true, one queued mail per notification, in
 * one transaction (all recorded or none).
 */
export async function recordNotifications(
  db: Kysely<HubDB>,
  recipients: readonly { id: number; email: string }[],
  n: NewNotification,
  mail: boolean,
): Promise<number[]> {
  if (recipients.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .insertInto('notification')
      .values(recipients.map((r) => ({ user_id: r.id, ...n })))
      .returning(['id', 'user_id'])
      .execute();
    if (mail) {
      const emailOf = new Map(recipients.map((r) => [r.id, r.email]));
      const body = n.link ? `${n.body}\n\n${n.link}` : n.body;
      await trx
        .insertInto('mail_queue')
        .values(
          rows.map((r) => ({
            notification_id: r.id,
            to_address: emailOf.get(Number(r.user_id)) ?? '',
            subject: n.subject,
            body,
          })),
        )
        .execute();
    }
    return rows.map((r) => Number(r.id));
  });
}

/** One mail to an address, without an in-app notification. */
export async function queueMail(
  db: Kysely<HubDB>,
  mail: { to: string; subject: string; text: string },
): Promise<void> {
  await db
    .insertInto('mail_queue')
    .values({ notification_id: null, to_address: mail.to, subject: mail.subject, body: mail.text })
    .execute();
}

export async function listNotifications(
  db: Kysely<HubDB>,
  userId: number,
  opts: { unreadOnly: boolean; limit: number; before?: number | undefined },
): Promise<NotificationRow[]> {
  let q = db.selectFrom('notification').selectAll().where('user_id', '=', userId);
  if (opts.unreadOnly) q = q.where('read_at', 'is', null);
  if (opts.before !== undefined) q = q.where('id', '<', opts.before);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}

export async function countUnread(db: Kysely<HubDB>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notifications read; false when it is not theirs or does not exist. */
export async function markRead(db: Kysely<HubDB>, userId: number, id: number): Promise<boolean> {
  const row = await db
    .updateTable('notification')
    .set({ read_at: new Date() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (row) return true;
  const exists = await db
    .selectFrom('notification')
    .select('id')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return exists !== undefined;
}

export async function markAllRead(db: Kysely<HubDB>, userId: number): Promise<void> {
  await db
    .updateTable('notification')
    .set({ read_at: new Date() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
}

/** Pending mails whose next attempt is due, oldest first. */
export async function dueMails(db: Kysely<HubDB>, now: Date, limit: number): Promise<MailRow[]> {
  return db
    .selectFrom('mail_queue')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markMailSent(db: Kysely<HubDB>, id: number): Promise<void> {
  await db
    .updateTable('mail_queue')
    .set((eb) => ({
      status: 'sent',
      sent_at: new Date(),
      attempts: eb('attempts', '+', 1),
      last_error: null,
    }))
    .where('id', '=', id)
    .execute();
}

/** Records a failed attempt: retried at `retryAt`, or marked failed when none is left. */
export async function markMailAttemptFailed(
  db: Kysely<HubDB>,
  id: number,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db
    .updateTable('mail_queue')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 1000),
      ...(retryAt ? { next_attempt_at: retryAt } : { status: 'failed' as const }),
    }))
    .where('id', '=', id)
    .execute();
}

/** Every queued mail, newest first (the demo's outbox page). */
export async function listMails(db: Kysely<HubDB>, limit: number): Promise<MailRow[]> {
  return db.selectFrom('mail_queue').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
