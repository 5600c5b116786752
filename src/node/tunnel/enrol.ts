/** Enrolling this node at a hub: send the one-time token and our public key, pin the hub's key. */
import type { JWK } from 'jose';
import { z } from 'zod';
import { CieError, errorCodes, errorMessage, type ErrorCode } from '../../errors.js';
import { ed25519PublicJwk, hubAudience } from '../../model/hub-key.js';

const enrolmentResponse = z.object({
  nodeId: z.number().int().positive(),
  organisationId: z.number().int().positive(),
  hubPublicKey: ed25519PublicJwk,
  audience: z.string(),
  tunnelPath: z.string().startsWith('/'),
});
export type EnrolmentResponse = z.infer<typeof enrolmentResponse>;

export async function enrolAtHub(input: {
  hubUrl: string;
  token: string;
  publicKey: JWK;
  name: string;
  version: string;
}): Promise<EnrolmentResponse> {
  const url = new URL('/api/v1/nodes/enrol', input.hubUrl);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: input.token,
        publicKey: input.publicKey,
        name: input.name,
        version: input.version,
      }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new CieError(
      'NODE_UNAVAILABLE',
      `could not reach the hub at ${input.hubUrl}: ${errorMessage(err)}`,
    );
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw hubError(res.status, body);
  const parsed = enrolmentResponse.safeParse(body);
  if (!parsed.success)
    throw new CieError('INTERNAL', `the hub's enrolment answer is not understood: ${parsed.error.message}`);
  if ((await hubAudience(parsed.data.hubPublicKey)) !== parsed.data.audience) {
    throw new CieError('INTERNAL', "the hub's audience does not match its public key");
  }
  return parsed.data;
}

function hubError(status: number, body: unknown): CieError {
  const e = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).safeParse(body);
  if (!e.success) return new CieError('INTERNAL', `the hub refused the enrolment (HTTP ${status})`);
  const code: ErrorCode = e.data.error.code in errorCodes ? (e.data.error.code as ErrorCode) : 'INTERNAL';
  return new CieError(code, `the hub refused the enrolment: ${e.data.error.message}`);
}
