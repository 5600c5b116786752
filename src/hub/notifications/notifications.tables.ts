/** Kysely types of the notification tables (hub migration 0430-notifications). */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  /** e.g. `access.request.submitted` */
  kind: string;
  subject: string;
  /** Plain text. */
  body: string;
  /** Path in the web app, e.g. `/access/requests/12`. */
  link: string | null;
  created_at: CreatedAt;
  read_at: Timestamp | null;
}

export type MailStatus = 'pending' | 'sent' | 'failed';

export interface MailQueueTable {
  id: Generated<number>;
  notification_id: number | null;
  to_address: string;
  subject: string;
  body: string;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
}

export interface NotificationTables {
  notification: NotificationTable;
  mail_queue: MailQueueTable;
}
