/**
 * Delivers the durable mail queue: every few seconds (and right after new mails are queued) the
 * due mails are handed to the transport one by one; a failure is recorded and retried later with
 * exponential backoff (retrySeconds · 2^(attempt-1), at most one hour) until maxAttempts, so a
 * mail server that is down loses nothing. Only the error message is logged, never credentials.
 */
import type { Kysely } from 'kysely';
import type { MailConfig } from '../../config/mail-config.js';
import type { HubDB } from '../../db/schema.js';
import type { Logger } from '../../log.js';
import type { MailTransport } from './mail-transport.js';
import { dueMails, markMailAttemptFailed, markMailSent } from './notifications.repository.js';

const batch = 50;
const maxDelayMs = 3600_000;

export class MailQueue {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: {
      db: Kysely<HubDB>;
      transport: MailTransport;
      config: MailConfig;
      logger: Logger;
    },
  ) {}

  start(): void {
    const tick = () => {
      this.kick();
      this.timer = setTimeout(tick, this.deps.config.pollSeconds * 1000);
      this.timer.unref();
    };
    this.timer = setTimeout(tick, 0);
    this.timer.unref();
  }

  /** Deliver what is due now (coalesces calls while a round runs). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deliverDue()
      .then(() => undefined)
      .catch((err: unknown) => this.deps.logger.error({ err }, 'mail queue round failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** One delivery round; returns how many mails were sent. */
  async deliverDue(now = new Date()): Promise<number> {
    const { db, transport, config, logger } = this.deps;
    let sent = 0;
    for (const mail of await dueMails(db, now, batch)) {
      if (this.stopped) break;
      try {
        await transport.send({ to: mail.to_address, subject: mail.subject, text: mail.body });
        await markMailSent(db, mail.id);
        sent++;
      } catch (err) {
        const attempt = mail.attempts + 1;
        const message = err instanceof Error ? err.message : String(err);
        const retryAt =
          attempt >= config.maxAttempts
            ? null
            : new Date(Date.now() + Math.min(config.retrySeconds * 1000 * 2 ** (attempt - 1), maxDelayMs));
        await markMailAttemptFailed(db, mail.id, message, retryAt);
        logger.warn(
          { mailId: mail.id, attempt, retryAt, error: message },
          retryAt ? 'mail not delivered, will retry' : 'mail not delivered, giving up',
        );
      }
    }
    return sent;
  }

  /** Stops polling and waits for the round in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.deps.transport.close();
  }
}
