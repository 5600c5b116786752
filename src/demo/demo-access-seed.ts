/**
 * One access request already approved in the demo, so the researcher finds a grant under
 * "My grants" at once: Rita's request for the first published dataset of a site, submitted,
 * reviewed by the committee and approved by the site's representative — through the same access
 * services the API uses (state machine, timeline, audit). The site's datasets reach the catalogue
 * through the tunnel after start, so this runs in the background and waits for them (bounded).
 * Idempotent: nothing happens when the researcher already has a request.
 */
import type { Kysely } from 'kysely';
import type { HubDB } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { Caller } from '../hub/access/access.deps.js';
import { decideDataset } from '../hub/access/decision.service.js';
import { createDraft, startReview, submitRequest } from '../hub/access/request.service.js';
import type { Role } from '../hub/auth/access.js';

const waitMs = 120_000;

function caller(userId: number, roles: Role[], representativeOf: number[] = []): Caller {
  return {
    user: { kind: 'user', userId, roles, representativeOf, via: 'session', termsAccepted: true },
    ip: null,
  };
}

export interface DemoGrantSeed {
  done: Promise<void>;
  cancel(): void;
}

export function seedDemoGrant(
  db: Kysely<HubDB>,
  ids: { researcher: number; committee: number; representative: number; organisationId: number },
  logger: Logger,
): DemoGrantSeed {
  let cancelled = false;
  const run = async () => {
    const existing = await db
      .selectFrom('access_request')
      .select('id')
      .where('requester_id', '=', ids.researcher)
      .executeTakeFirst();
    if (existing) return;
    const deadline = Date.now() + waitMs;
    let slug: string | undefined;
    while (!cancelled && Date.now() < deadline && !slug) {
      const entry = await db
        .selectFrom('catalogue_entry')
        .select('slug')
        .where('organisation_id', '=', ids.organisationId)
        .where('origin', '=', 'node')
        .where('state', '=', 'published')
        .orderBy('id')
        .executeTakeFirst();
      slug = entry?.slug;
      if (!slug) await new Promise((r) => setTimeout(r, 500));
    }
    if (cancelled || !slug) return;
    const deps = { db, logger };
    const r = await createDraft(deps, caller(ids.researcher, ['researcher']), {
      projectTitle: 'Demo: imaging biomarkers of treatment response',
      projectSummary: 'A request approved when the demo started, so that a grant is there to explore.',
      principalInvestigator: 'Rita Researcher',
      institution: 'Demo University',
      purpose: ['DUO:0000042'],
      ethicsReference: 'DEMO-2026-001',
      durationDays: 365,
      datasets: [slug],
    });
    await submitRequest(deps, caller(ids.researcher, ['researcher']), r.id);
    await startReview(deps, caller(ids.committee, ['committee']), r.id);
    const rep = caller(ids.representative, ['researcher'], [ids.organisationId]);
    for (const d of r.datasets)
      await decideDataset(deps, rep, r.id, d.catalogueEntryId, {
        decision: 'APPROVED',
        conditions: 'Demo data: cite the dataset.',
      });
    logger.info({ request: r.id, dataset: slug }, 'demo: approved access request seeded');
  };
  const done = run().catch((err: unknown) => logger.warn({ err }, 'demo: approved request not seeded'));
  return {
    done,
    cancel: () => {
      cancelled = true;
    },
  };
}
