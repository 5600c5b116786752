import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestHub, type TestHub } from '../../../test/support/hub.js';
import {
  makeTestCertificate,
  startSmtpServer,
  type TestCertificate,
} from '../../../test/support/smtp-server.js';
import { mailConfigSchema, type MailConfig } from '../../config/mail-config.js';
import { createLogger } from '../../log.js';
import { createNotifications } from './notifications.service.js';

const logger = createLogger('silent');
const creds = { user: 'hub-mailer', password: 'correct horse battery staple' };

function smtpConfig(port: number, caFile: string, extra: Partial<MailConfig> = {}): MailConfig {
  return mailConfigSchema.parse({
    mode: 'smtp',
    smtpHost: '127.0.0.1',
    smtpPort: port,
    smtpUser: creds.user,
    smtpPassword: creds.password,
    smtpCaFile: caFile,
    from: 'cie hub <hub@example.org>',
    ...extra,
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('e-mail over SMTP with TLS and authentication', () => {
  let hub: TestHub;
  let cert: TestCertificate;
  before(async () => {
    hub = await startTestHub();
    cert = makeTestCertificate();
  });
  after(async () => {
    await hub.close();
    cert.cleanup();
  });

  for (const tls of ['starttls', 'implicit'] as const) {
    it(`delivers a notification as a mail over ${tls}, authenticated, never in clear`, async () => {
      const smtp = await startSmtpServer({ ...creds, mode: tls, certificate: cert });
      const n = createNotifications(hub.db, smtpConfig(smtp.port, cert.caFile, { smtpTls: tls }), logger);
      try {
        const ana = await hub.createUser({ email: `ana-${tls}@example.org` });
        await n.notifier.notify({
          recipients: [ana.id, ana.id],
          kind: 'access.request.submitted',
          subject: 'Request 7 was submitted',
          text: 'Your access request is with the committee.',
          link: '/access/requests/7',
        });
        await smtp.waitForMessages(1);
        assert.equal(smtp.messages.length, 1, 'duplicate recipients get one mail');
        const [m] = smtp.messages;
        assert.ok(m);
        assert.equal(m.tls, true);
        assert.equal(m.authenticatedAs, creds.user);
        assert.deepEqual(m.to, [`ana-${tls}@example.org`]);
        assert.equal(m.from, 'hub@example.org');
        assert.match(m.data, /Subject: Request 7 was submitted/);
        assert.match(m.data, /Your access request is with the committee\./);
        assert.ok(smtp.authAttempts.length > 0 && smtp.authAttempts.every((a) => a.tls && a.ok));
        await until('the queue row marked sent', async () => {
          const row = await hub.db
            .selectFrom('mail_queue')
            .select('status')
            .where('to_address', '=', m.to[0] ?? '')
            .executeTakeFirst();
          return row?.status === 'sent';
        });
      } finally {
        await n.stop();
        await smtp.close();
      }
    });
  }

  it('keeps the mail while the server is down and delivers it on a later attempt', async () => {
    const port = await freePort();
    const n = createNotifications(
      hub.db,
      smtpConfig(port, cert.caFile, { retrySeconds: 0.05, pollSeconds: 3600 }),
      logger,
    );
    const queue = n.queue;
    assert.ok(queue);
    let smtp: Awaited<ReturnType<typeof startSmtpServer>> | undefined;
    try {
      const bo = await hub.createUser({ email: 'bo-retry@example.org' });
      await n.notifier.notify({ recipients: [bo.id], kind: 'test', subject: 'Hello again', text: 'Body' });
      const row = () =>
        hub.db
          .selectFrom('mail_queue')
          .selectAll()
          .where('to_address', '=', 'bo-retry@example.org')
          .executeTakeFirstOrThrow();
      await until('a failed attempt', async () => (await row()).attempts >= 1);
      const failed = await row();
      assert.equal(failed.status, 'pending');
      assert.match(failed.last_error ?? '', /ECONNREFUSED/);
      assert.ok(!JSON.stringify(failed).includes(creds.password));

      smtp = await startSmtpServer({ ...creds, port, certificate: cert });
      await new Promise((r) => setTimeout(r, 150)); // past the backoff
      assert.equal(await queue.deliverDue(), 1);
      assert.equal(smtp.messages.length, 1);
      assert.match(smtp.messages[0]?.data ?? '', /Subject: Hello again/);
      const sent = await row();
      assert.equal(sent.status, 'sent');
      // the failed attempts (one, or more when the short backoff fired again) and the delivery
      assert.ok(sent.attempts >= 2, `attempts ${sent.attempts}`);
    } finally {
      await n.stop();
      await smtp?.close();
    }
  });

  it('gives up after maxAttempts and marks the mail failed', async () => {
    const port = await freePort();
    const n = createNotifications(
      hub.db,
      smtpConfig(port, cert.caFile, { retrySeconds: 0.01, pollSeconds: 3600, maxAttempts: 2 }),
      logger,
    );
    try {
      const cy = await hub.createUser({ email: 'cy-giveup@example.org' });
      await n.notifier.notify({ recipients: [cy.id], kind: 'test', subject: 'S', text: 'T' });
      const row = () =>
        hub.db
          .selectFrom('mail_queue')
          .selectAll()
          .where('to_address', '=', 'cy-giveup@example.org')
          .executeTakeFirstOrThrow();
      await until('first attempt', async () => (await row()).attempts >= 1);
      await new Promise((r) => setTimeout(r, 50));
      await n.queue?.deliverDue();
      const r = await row();
      assert.equal(r.attempts, 2);
      assert.equal(r.status, 'failed');
    } finally {
      await n.stop();
    }
  });

  it('refuses a certificate it cannot verify (no CA given)', async () => {
    const smtp = await startSmtpServer({ ...creds, certificate: cert });
    const config = smtpConfig(smtp.port, cert.caFile, { pollSeconds: 3600 });
    delete config.smtpCaFile;
    const n = createNotifications(hub.db, config, logger);
    try {
      const di = await hub.createUser({ email: 'di-cert@example.org' });
      await n.notifier.notify({ recipients: [di.id], kind: 'test', subject: 'S', text: 'T' });
      const row = () =>
        hub.db
          .selectFrom('mail_queue')
          .selectAll()
          .where('to_address', '=', 'di-cert@example.org')
          .executeTakeFirstOrThrow();
      await until('a failed attempt', async () => (await row()).attempts >= 1);
      assert.match((await row()).last_error ?? '', /certificate/i);
      assert.equal(smtp.messages.length, 0);
      assert.deepEqual(smtp.authAttempts, [], 'no password was sent');
    } finally {
      await n.stop();
      await smtp.close();
    }
  });
});

describe('mail configuration', () => {
  const base = { mode: 'smtp', smtpHost: 'mail.example.org' };
  const problems = (raw: Record<string, unknown>) => {
    const r = mailConfigSchema.safeParse(raw);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };
  it('defaults to the outbox, and to STARTTLS on 587 for SMTP', () => {
    const c = mailConfigSchema.parse({});
    assert.equal(c.mode, 'outbox');
    const s = mailConfigSchema.parse({ ...base, smtpUser: 'u', smtpPassword: 'p' });
    assert.equal(s.smtpTls, 'starttls');
    assert.equal(s.smtpPort, 587);
  });
  it('refuses SMTP without authentication unless allowed', () => {
    assert.match(problems(base).join(), /without authentication is refused/);
    assert.deepEqual(problems({ ...base, smtpAllowNoAuth: 'true' }), []);
  });
  it('refuses to send a password without TLS unless explicitly allowed', () => {
    const plain = { ...base, smtpUser: 'u', smtpPassword: 'p', smtpTls: 'none' };
    assert.match(problems(plain).join(), /refusing to send the SMTP password without TLS/);
    assert.deepEqual(problems({ ...plain, smtpAllowPlaintextAuth: true }), []);
  });
  it('needs a host and both user and password', () => {
    assert.match(
      problems({ mode: 'smtp', smtpUser: 'u', smtpPassword: 'p' }).join(),
      /CIE_HUB_SMTP_HOST is required/,
    );
    assert.match(problems({ ...base, smtpUser: 'u' }).join(), /set both/);
  });
});
