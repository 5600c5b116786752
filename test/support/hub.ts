/**
 * A real hub on a loopback port for tests: a fresh migrated database, the app listening on port 0,
 * users made straight in the database (fast, no argon2 unless a password is asked for), and a
 * small browser-like HTTP client that keeps cookies and sends the CSRF header like the web app.
 *
 * @example
 * const hub = await startTestHub();
 * const admin = await hub.userAgent({ roles: ['admin'] });
 * const res = await admin.fetch('/api/v1/admin/users');
 * await hub.close();
 */
import type { AddressInfo } from 'node:net';
import { hubConfig, type HubConfig } from '../../src/config/hub-config.js';
import type { HubDB } from '../../src/db/schema.js';
import { buildHubApp, type HubApp, type HubAppDeps, type HubPlugin } from '../../src/hub/app.js';
import type { GrantedRole } from '../../src/hub/identity/identity.tables.js';
import { hashPassword } from '../../src/hub/identity/password.js';
import { createSession } from '../../src/hub/identity/session.repository.js';
import { createToken } from '../../src/hub/identity/token.repository.js';
import { insertUser, setRoles } from '../../src/hub/identity/user.repository.js';
import { currentTerms, recordTermsAcceptance } from '../../src/hub/terms/terms.repository.js';
import { createLogger } from '../../src/log.js';
import type { Database } from '../../src/db/database.js';
import { openTestHubDb, type Backend } from './db.js';

export interface TestHub {
  app: HubApp;
  db: Database<HubDB>['db'];
  /** http://127.0.0.1:<port> */
  url: string;
  /** A user made in the database; see `TestUserOptions`. */
  createUser(opts?: TestUserOptions): Promise<TestUser>;
  /** A client signed in (by session cookie) as a new user with these options. */
  userAgent(opts?: TestUserOptions): Promise<Agent>;
  /** A provider organisation; returns its id. */
  createOrganisation(slug?: string): Promise<number>;
  /** A client that is not signed in. */
  anonymous(): Agent;
  close(): Promise<void>;
}

export interface TestUserOptions {
  email?: string;
  roles?: GrantedRole[];
  /** Organisation ids this user represents (see `createOrganisation`). */
  representativeOf?: number[];
  /** Accept the current terms of use (default true). */
  acceptTerms?: boolean;
  /** Give the account this password (hashes with argon2, ~50 ms). */
  password?: string;
}

export interface TestUser {
  id: number;
  email: string;
  password: string | undefined;
  /** A session id, as the cie_session cookie carries it, and its CSRF token. */
  newSession(): Promise<{ id: string; csrfToken: string }>;
  newToken(name?: string): Promise<string>;
}

let counter = 0;

export async function startTestHub(
  opts: {
    backend?: Backend;
    config?: Partial<HubConfig>;
    plugins?: HubPlugin[];
    authenticateNode?: HubAppDeps['authenticateNode'];
    /** Default: the app's own (in-app notifications + mail queue per config.mail). */
    notifier?: HubAppDeps['notifier'];
  } = {},
): Promise<TestHub> {
  const database = await openTestHubDb(opts.backend ?? 'pglite');
  const config = hubConfig({ allowSignup: true, ...opts.config });
  const db = database.db;
  let app: HubApp;
  try {
    app = await buildHubApp(
      {
        db,
        config,
        logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
        authenticateNode: opts.authenticateNode,
        notifier: opts.notifier,
      },
      opts.plugins,
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (err) {
    await database.close();
    throw err;
  }
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const createUser = async (o: TestUserOptions = {}): Promise<TestUser> => {
    counter += 1;
    const email = o.email ?? `user${counter}-${Date.now()}@example.org`;
    const id = await insertUser(db, {
      email,
      displayName: `Test user ${counter}`,
      passwordHash: o.password ? await hashPassword(o.password) : null,
    });
    if (o.roles?.length) await setRoles(db, id, 'local', o.roles);
    for (const orgId of o.representativeOf ?? []) {
      await db
        .insertInto('organisation_representative')
        .values({ organisation_id: orgId, user_id: id })
        .execute();
    }
    if (o.acceptTerms ?? true) {
      const terms = await currentTerms(db, 'terms-of-use');
      if (terms) await recordTermsAcceptance(db, id, terms.id, null);
    }
    return {
      id,
      email,
      password: o.password,
      newSession: async () => {
        const s = await createSession(db, id, config);
        return { id: s.id, csrfToken: s.csrfToken };
      },
      newToken: async (name = 'test') => (await createToken(db, id, name, null)).token,
    };
  };

  return {
    app,
    db,
    url,
    createUser,
    userAgent: async (o) => {
      const user = await createUser(o);
      const s = await user.newSession();
      const agent = new Agent(url);
      agent.cookies.set('cie_session', s.id);
      agent.cookies.set('cie_csrf', s.csrfToken);
      return agent;
    },
    anonymous: () => new Agent(url),
    createOrganisation: async (slug) => {
      counter += 1;
      const row = await db
        .insertInto('organisation')
        .values({ slug: slug ?? `org-${counter}`, name: `Organisation ${counter}`, country: 'NO' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/**
 * A browser-like client: keeps cookies from Set-Cookie, sends them back, and (like the web app)
 * copies the cie_csrf cookie into the x-csrf-token header unless told not to.
 */
export class Agent {
  readonly cookies = new Map<string, string>();
  sendCsrf = true;

  constructor(readonly base: string) {}

  async fetch(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const csrf = this.cookies.get('cie_csrf');
    if (this.sendCsrf && csrf && !headers.has('x-csrf-token')) headers.set('x-csrf-token', csrf);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const url = path.startsWith('http') ? path : `${this.base}${path}`;
    const res = await fetch(url, { ...init, headers, body, redirect: 'manual' });
    this.keepCookies(res);
    return res;
  }

  keepCookies(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some(
        (a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1] ?? '') < new Date(),
      );
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
