/**
 * How the hub sends e-mail (`config.hub.mail`, CIE_HUB_MAIL_* and CIE_HUB_SMTP_* variables; see
 * docs/notifications.md). Three modes: `outbox` (the default, for the embedded demo: mails are
 * kept in the hub database and shown to admins on the outbox page, nothing leaves the machine),
 * `smtp` (a real mail server, with TLS and authentication required unless explicitly relaxed) and
 * `off` (in-app notifications only).
 */
import { z } from 'zod';

const bool = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
]);

export const mailConfigSchema = z
  .object({
    /** `outbox` (demo: stored, shown to admins), `smtp` or `off` (CIE_HUB_MAIL_MODE). */
    mode: z.enum(['outbox', 'smtp', 'off']).default('outbox'),
    /** Sender address (CIE_HUB_MAIL_FROM). */
    from: z.string().min(3).default('cie hub <no-reply@cie.invalid>'),
    /** SMTP server host name (CIE_HUB_SMTP_HOST); required in smtp mode. */
    smtpHost: z.string().min(1).optional(),
    /** SMTP port (CIE_HUB_SMTP_PORT): 587 for STARTTLS, 465 for implicit TLS. */
    smtpPort: z.coerce.number().int().min(1).max(65535).default(587),
    /**
     * Transport security (CIE_HUB_SMTP_TLS): `starttls` (upgrade required: the hub refuses to
     * send if the server does not offer it), `implicit` (TLS from the first byte) or `none`.
     */
    smtpTls: z.enum(['starttls', 'implicit', 'none']).default('starttls'),
    /** SMTP user name (CIE_HUB_SMTP_USER); required in smtp mode unless smtpAllowNoAuth. */
    smtpUser: z.string().min(1).optional(),
    /** SMTP password (CIE_HUB_SMTP_PASSWORD). Never logged. */
    smtpPassword: z.string().min(1).optional(),
    /** PEM file of a private CA that signed the mail server's certificate (CIE_HUB_SMTP_CA_FILE). */
    smtpCaFile: z.string().min(1).optional(),
    /** Send without authentication (CIE_HUB_SMTP_ALLOW_NO_AUTH); off by default. */
    smtpAllowNoAuth: bool.default(false),
    /** Send the password over an unencrypted connection (CIE_HUB_SMTP_ALLOW_PLAINTEXT_AUTH). Never do this. */
    smtpAllowPlaintextAuth: bool.default(false),
    /** Attempts per mail before it is marked failed (CIE_HUB_MAIL_MAX_ATTEMPTS). */
    maxAttempts: z.coerce.number().int().min(1).default(10),
    /** First retry delay in seconds, doubled per attempt up to one hour (CIE_HUB_MAIL_RETRY_SECONDS). */
    retrySeconds: z.coerce.number().min(0.01).default(30),
    /** How often the queue looks for due mails, in seconds (CIE_HUB_MAIL_POLL_SECONDS). */
    pollSeconds: z.coerce.number().min(0.01).default(15),
  })
  .superRefine((c, ctx) => {
    if (c.mode !== 'smtp') return;
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (!c.smtpHost) problem('CIE_HUB_SMTP_HOST is required when CIE_HUB_MAIL_MODE=smtp');
    const hasAuth = c.smtpUser !== undefined && c.smtpPassword !== undefined;
    if ((c.smtpUser === undefined) !== (c.smtpPassword === undefined))
      problem('set both CIE_HUB_SMTP_USER and CIE_HUB_SMTP_PASSWORD, or neither');
    else if (!hasAuth && !c.smtpAllowNoAuth)
      problem(
        'SMTP without authentication is refused: set CIE_HUB_SMTP_USER and CIE_HUB_SMTP_PASSWORD ' +
          '(or CIE_HUB_SMTP_ALLOW_NO_AUTH=true for a trusted local relay)',
      );
    if (hasAuth && c.smtpTls === 'none' && !c.smtpAllowPlaintextAuth)
      problem(
        'refusing to send the SMTP password without TLS: set CIE_HUB_SMTP_TLS=starttls or implicit ' +
          '(or CIE_HUB_SMTP_ALLOW_PLAINTEXT_AUTH=true, never on a network)',
      );
  });
export type MailConfig = z.infer<typeof mailConfigSchema>;

/** The CIE_HUB_MAIL_* / CIE_HUB_SMTP_* variables as raw values (unset ones left out). */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    mode: env.CIE_HUB_MAIL_MODE,
    from: env.CIE_HUB_MAIL_FROM,
    smtpHost: env.CIE_HUB_SMTP_HOST,
    smtpPort: env.CIE_HUB_SMTP_PORT,
    smtpTls: env.CIE_HUB_SMTP_TLS,
    smtpUser: env.CIE_HUB_SMTP_USER,
    smtpPassword: env.CIE_HUB_SMTP_PASSWORD,
    smtpCaFile: env.CIE_HUB_SMTP_CA_FILE,
    smtpAllowNoAuth: env.CIE_HUB_SMTP_ALLOW_NO_AUTH,
    smtpAllowPlaintextAuth: env.CIE_HUB_SMTP_ALLOW_PLAINTEXT_AUTH,
    maxAttempts: env.CIE_HUB_MAIL_MAX_ATTEMPTS,
    retrySeconds: env.CIE_HUB_MAIL_RETRY_SECONDS,
    pollSeconds: env.CIE_HUB_MAIL_POLL_SECONDS,
  };
  for (const [k, v] of Object.entries(raw)) if (v === undefined || v === '') delete raw[k];
  return raw;
}
