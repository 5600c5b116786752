/**
 * A small real SMTP server for tests (RFC 5321 subset): EHLO, STARTTLS (RFC 3207), implicit TLS,
 * AUTH PLAIN and LOGIN (RFC 4954), MAIL, RCPT, DATA, RSET, NOOP, QUIT. It records what each
 * session did (TLS or not, who authenticated) and the messages received. The TLS certificate is a
 * self-signed one made with the openssl CLI at start; pass `caFile` to the client as its CA.
 *
 * @example
 * const smtp = await startSmtpServer({ user: 'hub', password: 's3cret' });
 * // … CIE_HUB_SMTP_PORT=smtp.port, CIE_HUB_SMTP_CA_FILE=smtp.caFile …
 * await smtp.waitForMessages(1);
 * await smtp.close();
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket, createSecureContext, createServer as createTlsServer } from 'node:tls';

export interface ReceivedMessage {
  from: string;
  to: string[];
  data: string;
  tls: boolean;
  authenticatedAs: string | null;
}

export interface SmtpServer {
  port: number;
  caFile: string;
  messages: ReceivedMessage[];
  /** Every AUTH attempt: the mechanism and whether the connection was encrypted at that point. */
  authAttempts: { mechanism: string; tls: boolean; ok: boolean }[];
  waitForMessages(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpServer(opts: {
  user: string;
  password: string;
  mode?: 'starttls' | 'implicit';
  /** Listen on this port (to bring a server back on the port a test stopped). */
  port?: number;
  /** A certificate made beforehand (`makeTestCertificate`); the caller removes it. Default: a new one. */
  certificate?: TestCertificate;
}): Promise<SmtpServer> {
  const own = opts.certificate ? undefined : makeTestCertificate();
  const { key, cert, caFile } = opts.certificate ?? own ?? makeTestCertificate();
  const cleanup = () => own?.cleanup();
  const context = createSecureContext({ key, cert });
  const messages: ReceivedMessage[] = [];
  const authAttempts: SmtpServer['authAttempts'] = [];
  const sockets = new Set<Socket>();
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((w) => w());

  const handle = (raw: Socket, implicitTls: boolean) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => {});
    let socket: Socket = raw;
    let tls = implicitTls;
    let user: string | null = null;
    let from = '';
    let to: string[] = [];
    let buffer = '';
    let inData = false;
    let data: string[] = [];
    let pending: ((line: string) => void) | undefined;
    const reply = (line: string) => socket.write(`${line}\r\n`);

    const onLine = (line: string) => {
      if (inData) {
        if (line === '.') {
          inData = false;
          messages.push({ from, to, data: data.join('\r\n'), tls, authenticatedAs: user });
          data = [];
          reply('250 2.0.0 queued');
          notify();
        } else data.push(line.startsWith('..') ? line.slice(1) : line);
        return;
      }
      if (pending) {
        const p = pending;
        pending = undefined;
        p(line);
        return;
      }
      const [verb = '', ...rest] = line.split(' ');
      const arg = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO':
          reply('250-test.smtp');
          if (!tls) reply('250-STARTTLS');
          if (tls) reply('250-AUTH PLAIN LOGIN');
          reply('250 8BITMIME');
          return;
        case 'HELO':
          reply('250 test.smtp');
          return;
        case 'STARTTLS':
          if (tls) return void reply('503 already in TLS');
          reply('220 2.0.0 ready to start TLS');
          socket.removeAllListeners('data');
          socket = new TLSSocket(raw, { isServer: true, secureContext: context });
          socket.on('error', () => {});
          socket.on('secure', () => {
            tls = true;
          });
          buffer = '';
          socket.on('data', onData);
          return;
        case 'AUTH':
          return auth(arg);
        case 'MAIL':
          if (!user) return void reply('530 5.7.0 authentication required');
          from = /<([^>]*)>/.exec(arg)?.[1] ?? '';
          to = [];
          return void reply('250 2.1.0 ok');
        case 'RCPT':
          to.push(/<([^>]*)>/.exec(arg)?.[1] ?? '');
          return void reply('250 2.1.5 ok');
        case 'DATA':
          inData = true;
          return void reply('354 end with <CRLF>.<CRLF>');
        case 'RSET':
          from = '';
          to = [];
          return void reply('250 ok');
        case 'NOOP':
          return void reply('250 ok');
        case 'QUIT':
          reply('221 bye');
          socket.end();
          return;
        default:
          reply('502 5.5.2 command not recognised');
      }
    };

    const check = (mechanism: string, u: string, p: string) => {
      const ok = tls && u === opts.user && p === opts.password;
      authAttempts.push({ mechanism, tls, ok });
      if (ok) user = u;
      reply(
        ok ? '235 2.7.0 authenticated' : tls ? '535 5.7.8 bad credentials' : '538 5.7.11 encryption required',
      );
    };
    const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
    const auth = (arg: string) => {
      const [mech = '', initial] = arg.split(' ');
      if (mech.toUpperCase() === 'PLAIN') {
        const withCreds = (s: string) => {
          const [, u = '', p = ''] = b64(s).split('\0');
          check('PLAIN', u, p);
        };
        if (initial) withCreds(initial);
        else {
          reply('334 ');
          pending = withCreds;
        }
      } else if (mech.toUpperCase() === 'LOGIN') {
        reply(`334 ${Buffer.from('Username:').toString('base64')}`);
        pending = (u) => {
          reply(`334 ${Buffer.from('Password:').toString('base64')}`);
          pending = (p) => check('LOGIN', b64(u), b64(p));
        };
      } else reply('504 5.5.4 mechanism not supported');
    };

    function onData(chunk: Buffer) {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        onLine(line);
      }
    }
    socket.on('data', onData);
    reply('220 test.smtp ESMTP ready');
  };

  const server: Server =
    opts.mode === 'implicit'
      ? createTlsServer({ key, cert }, (s) => handle(s, true))
      : createServer((s) => handle(s, false));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    caFile,
    messages,
    authAttempts,
    waitForMessages: (n, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`expected ${n} messages, got ${messages.length}`)),
          timeoutMs,
        );
        const check = () => {
          if (messages.length >= n) {
            clearTimeout(t);
            resolve();
          } else waiters.push(check);
        };
        check();
      }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      cleanup();
    },
  };
}

export interface TestCertificate {
  key: string;
  cert: string;
  /** The certificate's PEM file, to give the client as its CA. */
  caFile: string;
  cleanup: () => void;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with the openssl CLI. */
export function makeTestCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'cie-smtp-'));
  const keyFile = join(dir, 'key.pem');
  const caFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      keyFile,
      '-out',
      caFile,
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(keyFile, 'utf8'),
    cert: readFileSync(caFile, 'utf8'),
    caFile,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
