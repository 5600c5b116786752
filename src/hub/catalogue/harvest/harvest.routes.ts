/**
 * Admin API of the scheduled harvest: the runs with their results, one run's full report, and
 * "harvest this configured source now". Only configured sources can be run from here, so the
 * hub never fetches a URL an HTTP caller chose.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { HarvestSourceConfig } from '../../../config/hub-config.js';
import type { HubDB } from '../../../db/schema.js';
import { CieError } from '../../../errors.js';
import type { Logger } from '../../../log.js';
import type { HubApp } from '../../app.js';
import { access } from '../../auth/access.js';
import { findHarvestRun, listHarvestRuns, type HarvestRunRow } from './harvest-run.repository.js';
import { runHarvest } from './harvest-scheduler.js';

export interface HarvestRoutesDeps {
  db: Kysely<HubDB>;
  sources: readonly HarvestSourceConfig[];
  logger: Logger;
}

const tags = ['catalogue'];

function presentRun(r: HarvestRunRow, withReport: boolean) {
  return {
    id: r.id,
    source: r.source,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    vanished: r.vanished,
    rejected: r.rejected,
    error: r.error,
    ...(withReport ? { report: r.report } : {}),
  };
}

export function registerHarvestRoutes(app: HubApp, deps: HarvestRoutesDeps): void {
  app.get(
    '/api/v1/catalogue/harvest-runs',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'runs of the scheduled catalogue harvest, latest first, with their results',
        querystring: z.object({
          source: z.string().max(2000).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
      },
    },
    async (req) => ({
      sources: deps.sources,
      runs: (await listHarvestRuns(deps.db, req.query)).map((r) => presentRun(r, false)),
    }),
  );

  app.get(
    '/api/v1/catalogue/harvest-runs/:id',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'one harvest run with its report (IRIs created, updated, vanished; rejected records)',
        params: z.object({ id: z.coerce.number().int().positive() }),
      },
    },
    async (req) => {
      const run = await findHarvestRun(deps.db, req.params.id);
      if (!run) throw new CieError('NOT_FOUND', `no harvest run ${req.params.id}`);
      return presentRun(run, true);
    },
  );

  app.post(
    '/api/v1/catalogue/harvest-runs',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'harvest one configured source now; answers with the finished run',
        body: z.object({ source: z.string().min(1) }),
      },
    },
    async (req, reply) => {
      const source = deps.sources.find((s) => s.url === req.body.source);
      if (!source) {
        throw new CieError(
          'VALIDATION_FAILED',
          `source: "${req.body.source}" is not a configured harvest source (CIE_HUB_HARVEST_SOURCES)`,
        );
      }
      const { runId } = await runHarvest(deps.db, source, 'manual', deps.logger);
      const run = await findHarvestRun(deps.db, runId);
      if (!run) throw new CieError('NOT_FOUND', `no harvest run ${runId}`);
      return reply.code(201).send(presentRun(run, true));
    },
  );
}
