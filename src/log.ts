/**
 * Structured logs (pino). Logs go to stderr so that commands can print results (and `--json`
 * documents) on stdout. Secrets are redacted by key name wherever they appear.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

const redact = {
  paths: [
    'password',
    '*.password',
    'token',
    '*.token',
    'secret',
    '*.secret',
    'authorization',
    '*.authorization',
    'headers.cookie',
    '*.headers.cookie',
    'req.headers.authorization',
    'req.headers.cookie',
    'databaseUrl',
    '*.databaseUrl',
    '*.keyPassphrase',
  ],
  censor: '[redacted]',
};

export function createLogger(level: string = process.env.CIE_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, redact, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: true }));
}

/** Process-wide logger for commands; libraries receive a logger as a parameter instead. */
export const log = createLogger();
