/** What the access services use, and who is calling them. */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import type { Logger } from '../../log.js';
import type { UserPrincipal } from '../auth/access.js';
import type { NotificationInput, Notifier } from '../notifications/notifier.js';

export interface AccessDeps {
  db: Kysely<HubDB>;
  notifier?: Notifier | undefined;
  logger?: Logger | undefined;
}

export interface Caller {
  user: UserPrincipal;
  ip: string | null;
}

export const actorOf = (c: Caller): string => `user:${c.user.userId}`;

/**
 * Send notifications after the change committed; the actor is never told of their own step.
 * A failing notifier is logged, never thrown: the change itself has happened.
 */
export async function sendNotifications(
  deps: AccessDeps,
  actorId: number | null,
  list: NotificationInput[],
): Promise<void> {
  if (!deps.notifier) return;
  for (const n of list) {
    const recipients = [...new Set(n.recipients)].filter((r) => r !== actorId);
    if (recipients.length === 0) continue;
    try {
      await deps.notifier.notify({ ...n, recipients });
    } catch (err) {
      deps.logger?.warn({ err, kind: n.kind }, 'access notification failed');
    }
  }
}
