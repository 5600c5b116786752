/**
 * A representative of the organisation that holds a dataset chooses how its figures are published:
 * released through the node's privacy policy (the default) or exact. The figures are the node's, so
 * the choice is relayed to the organisation's node (`datasets.figures`), which records it in its
 * own audit log and re-publishes; the hub audits the request. Only that organisation's
 * representatives may choose: the exposure is theirs to accept (docs/privacy.md).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { audit } from '../../audit/audit.js';
import type { HubDB } from '../../db/schema.js';
import { CieError, errorMessage } from '../../errors.js';
import { jsonPath } from '../../model/dataset-metadata.js';
import { figurePublications, type FigurePublication } from '../../model/released-figures.js';
import type { Principal } from '../auth/access.js';
import type { TunnelHub } from '../tunnel/tunnel.hub.js';
import { findEntryBySlug } from './catalogue.repository.js';
import { DATASETS_FIGURES_TASK, type DatasetsFigures } from '../../model/dataset-tasks.js';

export const figureChoiceSchema = z
  .object({
    publication: z.enum(figurePublications),
    /** Why (required for exact figures): kept in the hub's and the node's audit records. */
    reason: z.string().trim().max(2000).default(''),
  })
  .refine((c) => c.publication !== 'exact' || c.reason !== '', {
    message: 'is required for exact figures: say why this dataset may expose exact counts',
    path: ['reason'],
  });

export interface FigureChoiceResult {
  slug: string;
  publication: FigurePublication;
  /** What happens next, for people. */
  message: string;
}

export async function chooseFigurePublication(
  deps: { db: Kysely<HubDB>; tunnel: TunnelHub | undefined },
  principal: Principal | undefined,
  slug: string,
  body: unknown,
  ip: string | null = null,
): Promise<FigureChoiceResult> {
  if (principal?.kind !== 'user')
    throw new CieError('UNAUTHENTICATED', 'sign in to change how figures are published');
  const row = await findEntryBySlug(deps.db, slug);
  if (!row || row.origin !== 'node' || row.organisation_id === null)
    throw new CieError('NOT_FOUND', `no dataset "${slug}" published by a node in the catalogue`);
  const orgId = row.organisation_id;
  if (!principal.representativeOf.includes(orgId)) {
    await audit(deps.db, {
      actor: `user:${principal.userId}`,
      action: 'catalogue.figures.set',
      target: `catalogue:${slug}`,
      outcome: 'denied',
      ip,
    });
    throw new CieError(
      'FORBIDDEN',
      `only representatives of the organisation that holds "${slug}" may change how its figures are published`,
    );
  }
  const parsed = figureChoiceSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CieError(
      'VALIDATION_FAILED',
      `invalid figure publication: ${jsonPath(issue?.path ?? [])}: ${issue?.message ?? ''}`,
    );
  }
  const choice = parsed.data;
  const nodes = (deps.tunnel?.onlineNodes() ?? []).filter((n) => n.organisationId === orgId);
  if (nodes.length === 0)
    throw new CieError(
      'NODE_UNAVAILABLE',
      `no node of the organisation that holds "${slug}" is connected; try again when it is online`,
    );
  const task: DatasetsFigures = {
    identifier: row.identifier,
    publication: choice.publication,
    reason: choice.reason,
    actor: `hub:user:${principal.userId}`,
  };
  // An organisation may run several nodes: the one that holds the dataset answers, the others say NOT_FOUND.
  let lastError: unknown;
  for (const n of nodes) {
    try {
      await deps.tunnel?.sendTask(n.nodeId, DATASETS_FIGURES_TASK, task, { deadlineMs: 15_000 });
      await audit(deps.db, {
        actor: `user:${principal.userId}`,
        action: `catalogue.figures.${choice.publication}`,
        target: `catalogue:${slug}`,
        ip,
        details: { reason: choice.reason, nodeId: n.nodeId },
      });
      return {
        slug,
        publication: choice.publication,
        message: `the node publishes the ${choice.publication} figures at its next catalogue sync`,
      };
    } catch (err) {
      lastError = err;
      if (!(err instanceof CieError && err.code === 'NOT_FOUND')) break;
    }
  }
  if (lastError instanceof CieError) throw lastError;
  throw new CieError('NODE_UNAVAILABLE', `the node could not apply the choice: ${errorMessage(lastError)}`);
}
