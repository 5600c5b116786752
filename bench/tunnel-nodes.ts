/**
 * Child process of bench/tunnel.ts: enrols N simulated nodes at a hub, then (on "go" from stdin)
 * opens N tunnels and reports "ready" once every one is welcomed. Exits when stdin closes.
 * Input (first stdin line): {"hubUrl": "...", "tokens": ["...", ...]}.
 */
import { createInterface } from 'node:readline';
import { exportJWK, generateKeyPair } from 'jose';
import { createLogger } from '../src/log.js';
import { enrolAtHub } from '../src/node/tunnel/enrol.js';
import { TunnelClient } from '../src/node/tunnel/tunnel.client.js';

const lines = createInterface({ input: process.stdin });
const it = lines[Symbol.asyncIterator]();
const first = await it.next();
const { hubUrl, tokens } = JSON.parse(String(first.value)) as { hubUrl: string; tokens: string[] };
const logger = createLogger('silent');

const clients: TunnelClient[] = [];
for (const [i, token] of tokens.entries()) {
  const { privateKey, publicKey } = await generateKeyPair('Ed25519', { extractable: true });
  const e = await enrolAtHub({
    hubUrl,
    token,
    publicKey: await exportJWK(publicKey),
    name: `sim-${i}`,
    version: 'bench',
  });
  clients.push(
    new TunnelClient({
      hubUrl,
      nodeId: e.nodeId,
      privateKey,
      audience: e.audience,
      version: 'bench',
      logger,
    }),
  );
}
process.stdout.write('enrolled\n');
await it.next(); // "go"
await Promise.all(
  clients.map(
    (c) =>
      new Promise<void>((resolve) => {
        c.once('connected', () => resolve());
        c.start();
      }),
  ),
);
process.stdout.write('ready\n');
await it.next(); // stdin closed or "stop"
await Promise.all(clients.map((c) => c.stop()));
process.exit(0);
