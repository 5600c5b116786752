/** What the hub e-mailed, read from its mail queue (the outbox mode tests run in). */
import assert from 'node:assert/strict';
import type { TestHub } from './hub.js';

/** The bodies of the mails queued for this address, oldest first. */
export async function mailsTo(hub: TestHub, email: string): Promise<string[]> {
  const rows = await hub.db
    .selectFrom('mail_queue')
    .select('body')
    .where('to_address', '=', email)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.body);
}

/** The token of the last sign-up or invitation link e-mailed to this address. */
export async function linkTokenSentTo(hub: TestHub, email: string): Promise<string> {
  const last = (await mailsTo(hub, email)).at(-1) ?? '';
  const token = /invitation\?token=([\w-]+)/.exec(last)?.[1];
  assert.ok(token, `a link in the last mail to ${email}: "${last}"`);
  return token;
}
