/**
 * The DICOMweb relay task both ends share (docs/dicomweb.md, "Through the hub"): the hub forwards
 * a grantee's GET with a hub-signed assertion; the node checks it and answers with a stream.
 */
import { z } from 'zod';

export const RELAY_TASK = 'dicomweb.relay';

/** Longest lifetime of an assertion (exp - iat), in seconds. */
export const MAX_ASSERTION_TTL_S = 60;

/** The audience of assertions for one node: a token made for one node is useless at another. */
export function nodeAudience(nodeId: number): string {
  return `urn:cie:node:${nodeId}`;
}

/** The claims of a relay assertion besides iss/aud/iat/exp/jti/sub (sub = `user:<id>`). */
export interface RelayClaims {
  /** The node's dataset identifier (catalogue_entry.identifier). */
  dataset: string;
  /** The hub's grant id the request is made under. */
  grant: number;
}

const segment = /^[0-9A-Za-z.,]{1,64}$/;

export const relayPayloadSchema = z.object({
  assertion: z.string().min(1).max(4096),
  dataset: z.string().min(1).max(256),
  /** The DICOMweb path below the dataset root: `/studies/…`. */
  path: z
    .string()
    .max(512)
    .refine(
      (p) =>
        p.startsWith('/') &&
        p
          .slice(1)
          .split('/')
          .every((s) => segment.test(s)),
      {
        message: 'path segments must be UIDs, frame lists or DICOMweb keywords',
      },
    ),
  /** The raw query string, without `?`. */
  query: z.string().max(8192).default(''),
  accept: z.string().max(1024).optional(),
  range: z.string().max(256).optional(),
  ifRange: z.string().max(256).optional(),
  /** The root URLs in the answer should point at (the hub's relay path of this dataset). */
  baseUrl: z.string().url().max(1024),
});

export type RelayPayload = z.infer<typeof relayPayloadSchema>;
export type RelayPayloadInput = z.input<typeof relayPayloadSchema>;

/** Headers of a node's answer the hub passes on to the researcher. */
export const relayedHeaders = [
  'content-range',
  'accept-ranges',
  'etag',
  'warning',
  'x-cie-sha256',
  'content-location',
] as const;
