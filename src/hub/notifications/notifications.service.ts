/**
 * The hub's `Notifier` (notifier.ts): an in-app notification per recipient and, unless mail is
 * off, a queued e-mail, recorded together; the mail queue then delivers (SMTP) or keeps (outbox).
 * A failure is logged, never thrown at the feature that notified.
 */
import type { Kysely } from 'kysely';
import type { MailConfig } from '../../config/mail-config.js';
import type { HubDB } from '../../db/schema.js';
import type { Logger } from '../../log.js';
import { MailQueue } from './mail-queue.js';
import { outboxTransport, smtpTransport } from './mail-transport.js';
import type { NotificationInput, Notifier } from './notifier.js';
import { findRecipients, queueMail, recordNotifications } from './notifications.repository.js';

export class HubNotifier implements Notifier {
  constructor(
    private readonly deps: {
      db: Kysely<HubDB>;
      logger: Logger;
      mail: boolean;
      queue?: MailQueue | undefined;
    },
  ) {}

  async notify(input: NotificationInput): Promise<void> {
    try {
      const ids = [...new Set(input.recipients)];
      const recipients = await findRecipients(this.deps.db, ids);
      const body = { kind: input.kind, subject: input.subject, body: input.text, link: input.link ?? null };
      await recordNotifications(this.deps.db, recipients, body, this.deps.mail);
      if (recipients.length > 0) this.deps.queue?.kick();
    } catch (err) {
      this.deps.logger.error({ err, kind: input.kind }, 'notification not recorded');
    }
  }

  async mailTo(mail: { to: string; subject: string; text: string }): Promise<void> {
    if (!this.deps.mail) return;
    try {
      await queueMail(this.deps.db, mail);
      this.deps.queue?.kick();
    } catch (err) {
      this.deps.logger.error({ err }, 'mail not queued');
    }
  }
}

export interface Notifications {
  notifier: HubNotifier;
  /** Undefined when mail is off. */
  queue: MailQueue | undefined;
  stop(): Promise<void>;
}

/** The notifier and its mail queue for this configuration (the queue is started). */
export function createNotifications(db: Kysely<HubDB>, config: MailConfig, logger: Logger): Notifications {
  const queue =
    config.mode === 'off'
      ? undefined
      : new MailQueue({
          db,
          config,
          logger,
          transport: config.mode === 'smtp' ? smtpTransport(config) : outboxTransport,
        });
  queue?.start();
  return {
    notifier: new HubNotifier({ db, logger, mail: config.mode !== 'off', queue }),
    queue,
    stop: async () => {
      await queue?.stop();
    },
  };
}
