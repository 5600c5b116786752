/**
 * A real OpenID provider (oidc-provider) on a loopback port, with its built-in login and consent
 * pages, and a driver that goes through them like a browser would.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { Agent } from './hub.js';

export interface TestIdp {
  issuer: string;
  /** Per account id: the eduperson_entitlement values it releases (change it between sign-ins). */
  entitlements: Map<string, string[]>;
  /** Register the hub's client; call once the hub's callback URL is known. */
  start(client: { clientId: string; clientSecret: string; redirectUri: string }): void;
  close(): Promise<void>;
}

/** Bind the port first (the issuer URL contains it); the provider is created in start(). */
export async function listenTestIdp(): Promise<TestIdp> {
  let handler: RequestListener | undefined;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entitlements = new Map<string, string[]>();
  return {
    issuer,
    entitlements,
    start(client) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: client.clientId,
            client_secret: client.clientSecret,
            redirect_uris: [client.redirectUri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
          },
        ],
        findAccount: (_ctx: unknown, id: string) => ({
          accountId: id,
          claims: () => ({
            sub: id,
            email: `${id}@lifescience-ri.example`,
            email_verified: true,
            name: `${id[0]?.toUpperCase() ?? ''}${id.slice(1)} Example`,
            eduperson_entitlement: entitlements.get(id) ?? [],
          }),
        }),
        claims: {
          openid: ['sub'],
          email: ['email', 'email_verified'],
          profile: ['name'],
          eduperson_entitlement: ['eduperson_entitlement'],
        },
        scopes: ['openid', 'email', 'profile', 'eduperson_entitlement'],
        pkce: { required: () => true },
        features: { devInteractions: { enabled: true } },
        cookies: { keys: ['cie-test-cookie-key'] },
      });
      handler = provider.callback();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * From the hub's redirect to the identity provider, through its login and consent pages, until
 * it sends the browser back to the hub; returns that callback URL. `pagesSeen` collects the
 * prompts of the pages submitted (login, consent).
 */
export async function signInAtIdp(
  authorizeUrl: string,
  login: string,
  pagesSeen: string[] = [],
): Promise<string> {
  const browser = new Agent(new URL(authorizeUrl).origin);
  let url = authorizeUrl;
  for (let step = 0; step < 20; step++) {
    if (!url.startsWith(browser.base)) return url; // back to the hub
    const res = await browser.fetch(url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location') ?? '', url).href;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200)
      throw new Error(`identity provider answered ${res.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form on the identity provider's page: ${html.slice(0, 300)}`);
    pagesSeen.push(prompt);
    const form = new URLSearchParams({ prompt });
    if (prompt === 'login') {
      form.set('login', login);
      form.set('password', 'any password');
    }
    const posted = await browser.fetch(new URL(action, url).href, {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    url = new URL(posted.headers.get('location') ?? '', url).href;
  }
  throw new Error('too many steps at the identity provider');
}
