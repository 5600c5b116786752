/**
 * Notifications over HTTP: a user's own in-app notifications (list, unread count, mark read) and,
 * in the demo's outbox mail mode, the outbox of every mail the hub would have sent (admins).
 */
import { z } from 'zod';
import { CieError } from '../../errors.js';
import type { HubApp, HubContext, HubPlugin } from '../app.js';
import { access, requireUser } from '../auth/access.js';
import { idParam } from '../http/schemas.js';
import {
  countUnread,
  listMails,
  listNotifications,
  markAllRead,
  markRead,
  type MailRow,
  type NotificationRow,
} from './notifications.repository.js';

const tags = ['notifications'];

const notification = z.object({
  id: z.number(),
  kind: z.string(),
  subject: z.string(),
  text: z.string(),
  link: z.string().nullable(),
  createdAt: z.date(),
  read: z.boolean(),
});
const unread = z.object({ unread: z.number() });
const mail = z.object({
  id: z.number(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});

const presentNotification = (r: NotificationRow): z.infer<typeof notification> => ({
  id: Number(r.id),
  kind: r.kind,
  subject: r.subject,
  text: r.body,
  link: r.link,
  createdAt: r.created_at,
  read: r.read_at !== null,
});

const presentMail = (r: MailRow): z.infer<typeof mail> => ({
  id: Number(r.id),
  to: r.to_address,
  subject: r.subject,
  text: r.body,
  status: r.status,
  attempts: r.attempts,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

export const notificationsPlugin: HubPlugin = {
  name: 'notifications',
  register(app: HubApp, { db, config }: HubContext) {
    app.get(
      '/notifications',
      {
        config: { access: access.user },
        schema: {
          tags,
          summary: 'My notifications, newest first, with the unread count',
          querystring: z.object({
            unread: z.enum(['true', 'false']).default('false'),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            before: z.coerce.number().int().positive().optional().describe('page: ids below this one'),
          }),
          response: { 200: z.object({ notifications: z.array(notification), unread: z.number() }) },
        },
      },
      async (request) => {
        const p = requireUser(request);
        const q = request.query;
        const rows = await listNotifications(db, p.userId, {
          unreadOnly: q.unread === 'true',
          limit: q.limit,
          before: q.before,
        });
        return { notifications: rows.map(presentNotification), unread: await countUnread(db, p.userId) };
      },
    );

    app.get(
      '/notifications/unread-count',
      {
        config: { access: access.user },
        schema: { tags, summary: 'How many of my notifications are unread', response: { 200: unread } },
      },
      async (request) => ({ unread: await countUnread(db, requireUser(request).userId) }),
    );

    app.post(
      '/notifications/:id/read',
      {
        config: { access: access.user },
        schema: {
          tags,
          summary: 'Mark one of my notifications read',
          params: idParam,
          response: { 200: unread },
        },
      },
      async (request) => {
        const p = requireUser(request);
        if (!(await markRead(db, p.userId, request.params.id)))
          throw new CieError('NOT_FOUND', `you have no notification ${request.params.id}`);
        return { unread: await countUnread(db, p.userId) };
      },
    );

    app.post(
      '/notifications/read-all',
      {
        config: { access: access.user },
        schema: { tags, summary: 'Mark all my notifications read', response: { 200: unread } },
      },
      async (request) => {
        const p = requireUser(request);
        await markAllRead(db, p.userId);
        return { unread: 0 };
      },
    );

    app.get(
      '/admin/outbox',
      {
        config: { access: access.admin },
        schema: {
          tags,
          summary: 'Mails the hub queued (outbox mail mode, the demo)',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: { 200: z.object({ mails: z.array(mail) }) },
        },
      },
      async (request) => {
        if (config.mail.mode !== 'outbox')
          throw new CieError(
            'NOT_FOUND',
            `the outbox exists only in outbox mail mode (CIE_HUB_MAIL_MODE=outbox); this hub uses ${config.mail.mode}`,
          );
        return { mails: (await listMails(db, request.query.limit)).map(presentMail) };
      },
    );
  },
};
