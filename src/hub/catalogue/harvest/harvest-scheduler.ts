/**
 * The scheduled harvest: each configured source is harvested when the hub starts and then every
 * `interval` after the previous run ended (runs of one source never overlap). Every run is
 * recorded (`catalogue_harvest_run`) with its counts and report, or with its error: a source
 * that fails or times out is reported and tried again at its next time; the others go on.
 */
import type { Kysely } from 'kysely';
import type { HarvestSourceConfig } from '../../../config/hub-config.js';
import type { HubDB } from '../../../db/schema.js';
import { errorMessage } from '../../../errors.js';
import type { Logger } from '../../../log.js';
import { finishHarvestRun, startHarvestRun } from './harvest-run.repository.js';
import { harvestCatalogue } from './harvest.service.js';

export interface HarvestSchedulerOptions {
  db: Kysely<HubDB>;
  sources: readonly HarvestSourceConfig[];
  logger: Logger;
}

export interface HarvestRunResult {
  runId: number;
  status: 'ok' | 'failed';
}

/** One run of one source, recorded; never throws (a failure is the run's result). */
export async function runHarvest(
  db: Kysely<HubDB>,
  source: HarvestSourceConfig,
  trigger: 'schedule' | 'manual',
  logger: Logger,
): Promise<HarvestRunResult> {
  const runId = await startHarvestRun(db, source.url, trigger);
  try {
    const summary = await harvestCatalogue(db, source.url, { timeoutMs: source.timeoutSeconds * 1000 });
    await finishHarvestRun(db, runId, { summary });
    logger.info(
      {
        source: source.url,
        runId,
        created: summary.created.length,
        updated: summary.updated.length,
        vanished: summary.vanished.length,
        rejected: summary.rejected.length,
      },
      'catalogue harvest done',
    );
    return { runId, status: 'ok' };
  } catch (err) {
    const error = errorMessage(err).slice(0, 2000);
    await finishHarvestRun(db, runId, { error });
    logger.warn({ source: source.url, runId, err: error }, 'catalogue harvest failed; next run as scheduled');
    return { runId, status: 'failed' };
  }
}

export class HarvestScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private stopped = true;

  constructor(private readonly opts: HarvestSchedulerOptions) {}

  start(): void {
    this.stopped = false;
    for (const source of this.opts.sources) this.schedule(source, 0);
  }

  /** Stop scheduling and wait for the runs in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  private schedule(source: HarvestSourceConfig, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      const run = this.runOnce(source).finally(() => {
        this.running.delete(run);
        this.schedule(source, source.interval * 60_000);
      });
      this.running.add(run);
    }, delayMs);
    timer.unref();
    this.timers.set(source.url, timer);
  }

  private async runOnce(source: HarvestSourceConfig): Promise<void> {
    try {
      await runHarvest(this.opts.db, source, 'schedule', this.opts.logger);
    } catch (err) {
      // Only the run's own bookkeeping can fail here (database gone); the schedule goes on.
      this.opts.logger.error({ source: source.url, err: errorMessage(err) }, 'harvest run not recorded');
    }
  }
}
