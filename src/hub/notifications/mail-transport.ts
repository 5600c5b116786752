/**
 * Where queued mails go: an SMTP server through nodemailer (TLS and authentication as configured,
 * see src/config/mail-config.ts), or nowhere (the demo's outbox keeps them in the database).
 */
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { MailConfig } from '../../config/mail-config.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  /** Resolves when the server accepted the mail; rejects with the reason otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The demo's outbox: the queued row itself is the delivered mail. */
export const outboxTransport: MailTransport = {
  send: () => Promise.resolve(),
  close: () => {},
};

export function smtpTransport(config: MailConfig): MailTransport {
  if (!config.smtpHost) throw new Error('smtpHost is required for SMTP');
  const ca = config.smtpCaFile ? readFileSync(config.smtpCaFile, 'utf8') : undefined;
  const transporter = nodemailer.createTransport({
    host: config.smtpHost,
    port: config.smtpPort,
    secure: config.smtpTls === 'implicit',
    // STARTTLS is required, not opportunistic: a server that does not offer it gets no mail.
    requireTLS: config.smtpTls === 'starttls',
    ignoreTLS: config.smtpTls === 'none',
    ...(config.smtpUser && config.smtpPassword
      ? { auth: { user: config.smtpUser, pass: config.smtpPassword } }
      : {}),
    tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    logger: false,
    debug: false,
  });
  return {
    async send(mail) {
      await transporter.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transporter.close(),
  };
}
