/**
 * Joining a hub: enrol once with a one-time token (key pair created, hub key pinned), then open
 * the tunnel with the stored identity on every start.
 */
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { CieError } from '../../errors.js';
import type { NodeDB } from '../../db/schema.js';
import { hubAudience } from '../../model/hub-key.js';
import type { Logger } from '../../log.js';
import { registerBuiltinTasks } from './builtin-tasks.js';
import { enrolAtHub } from './enrol.js';
import { readNodeIdentity, saveNodeIdentity, type NodeIdentity } from './node-identity.repository.js';
import { loadOrCreateNodeKey } from './node-key.js';
import { TunnelClient, type TunnelClientOptions } from './tunnel.client.js';
import { softwareVersion } from './version.js';

export interface JoinHubInput {
  db: Kysely<NodeDB>;
  /** File of the node's private key (created 0600 if missing). */
  keyFile: string;
  logger: Logger;
  hubUrl?: string | undefined;
  enrolToken?: string | undefined;
  name?: string | undefined;
  /** Tunnel settings (tests and benchmarks tune backoff and limits). */
  tunnel?: Partial<
    Pick<
      TunnelClientOptions,
      'backoff' | 'maxInFlight' | 'maxFrameBytes' | 'tokenTtlS' | 'handshakeTimeoutMs'
    >
  >;
}

/** Enrol if asked, then return a tunnel client (not yet started) with the built-in tasks. */
export async function joinHub(
  input: JoinHubInput,
): Promise<{ identity: NodeIdentity; client: TunnelClient }> {
  let identity = await readNodeIdentity(input.db);
  const key = await loadOrCreateNodeKey(input.keyFile);
  if (input.enrolToken) {
    if (identity) {
      throw new CieError(
        'CONFLICT',
        `this node is already enrolled at ${identity.hubUrl} as node ${identity.nodeId}: start it without --enrol`,
      );
    }
    if (!input.hubUrl) throw new CieError('BAD_REQUEST', '--enrol needs --hub <url>');
    const name = input.name ?? hostname();
    const enrolment = await enrolAtHub({
      hubUrl: input.hubUrl,
      token: input.enrolToken,
      publicKey: key.publicJwk,
      name,
      version: softwareVersion,
    });
    identity = {
      hubUrl: input.hubUrl,
      nodeId: enrolment.nodeId,
      nodeName: name,
      hubPublicKey: enrolment.hubPublicKey,
    };
    await saveNodeIdentity(input.db, identity);
    input.logger.info({ nodeId: identity.nodeId, hub: identity.hubUrl }, 'enrolled at the hub');
  }
  if (!identity) {
    throw new CieError(
      'BAD_REQUEST',
      'this node is not enrolled: run `cie node --hub <url> --enrol <token>` once',
    );
  }
  if (input.hubUrl && input.hubUrl !== identity.hubUrl) {
    throw new CieError(
      'CONFLICT',
      `this node is enrolled at ${identity.hubUrl}, not ${input.hubUrl}: use a new data dir to join another hub`,
    );
  }
  const client = new TunnelClient({
    hubUrl: identity.hubUrl,
    nodeId: identity.nodeId,
    privateKey: key.privateKey,
    audience: await hubAudience(identity.hubPublicKey),
    version: softwareVersion,
    logger: input.logger,
    ...input.tunnel,
  });
  registerBuiltinTasks(client);
  return { identity, client };
}
