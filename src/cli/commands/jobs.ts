/**
 * `cie jobs run <tool> --datasets a,b [--params file.json] --hub URL --token T [--json]`: run an
 * approved tool where the data lives and wait, printing each site's status as it changes, then the
 * released and pooled results. Exit 0 when every site released everything, 2 when any site held,
 * refused or failed. `cie jobs status <id>` and `cie jobs results <id>` read a job.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CieError } from '../../errors.js';
import type { JobView } from '../../hub/jobs/job.service.js';
import { getJob, runTool, type JobsClientOptions } from '../../hub/jobs/jobs-client.js';

interface HubFlags {
  hub: string;
  token: string;
}

/** The document `--json` prints: one job, its sites with their outputs, the pooled result. */
function jobDocument(v: JobView) {
  return {
    id: v.id,
    status: v.status,
    tool: v.tool,
    sites: v.sites.map((s) => ({
      site: s.site,
      status: s.status,
      reason: s.reason,
      outputs: s.outputs,
      withheld: s.withheld,
    })),
    pooled: v.pooled,
  };
}

function siteLine(s: JobView['sites'][number]): string {
  return `${s.site}: ${s.status}${s.reason ? ` - ${s.reason}` : ''}`;
}

function resultsText(v: JobView): string {
  const lines = [`job ${v.id} (${v.tool.slug} ${v.tool.version}): ${v.status}`];
  for (const s of v.sites) {
    lines.push(`\n== ${s.name} (${s.site}): ${s.status}${s.reason ? ` - ${s.reason}` : ''}`);
    for (const o of s.outputs)
      lines.push(
        `-- ${o.name} (released by ${o.releasedBy.join(', ')})`,
        o.encoding === 'utf8'
          ? o.content.trimEnd()
          : `(${o.mediaType}, ${o.content.length} base64 characters)`,
      );
    for (const w of s.withheld) lines.push(`-- ${w.name}: ${w.state} (${w.reasons.join('; ')})`);
  }
  if (v.pooled) {
    lines.push(`\n== pooled over ${v.pooled.sites} site(s), ${v.pooled.output}`);
    for (const [k, value] of Object.entries(v.pooled.metrics))
      lines.push(`${k}: ${Number.isInteger(value) ? value : value.toFixed(3)}`);
  }
  return lines.join('\n');
}

const allReleased = (v: JobView) => v.sites.every((s) => s.status === 'released');

function hubOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--hub <url>', "the hub's base URL (env CIE_HUB_URL)", process.env.CIE_HUB_URL)
    .requiredOption(
      '--token <token>',
      'an API token of yours (env CIE_HUB_TOKEN)',
      process.env.CIE_HUB_TOKEN,
    );
}

function readParams(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
  } catch {
    throw new CieError('BAD_REQUEST', `--params ${file}: not a JSON file`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new CieError('BAD_REQUEST', `--params ${file}: must hold a JSON object`);
  return json as Record<string, unknown>;
}

function jobId(s: string): number {
  const id = Number(s);
  if (!Number.isInteger(id) || id <= 0) throw new CieError('BAD_REQUEST', `${s} is not a job id`);
  return id;
}

export function registerJobsCommands(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('run approved tools where the data lives (federated processing)');
  const print = (cmd: Command, v: JobView) => {
    const json = Boolean(cmd.optsWithGlobals<{ json?: boolean }>().json);
    process.stdout.write(json ? `${JSON.stringify(jobDocument(v), null, 2)}\n` : `${resultsText(v)}\n`);
    if (v.status === 'done' && !allReleased(v)) process.exitCode = 2;
  };

  hubOptions(jobs.command('run <tool>'))
    .description(
      "run a tool on datasets you hold grants for; waits and prints each site's status and the results",
    )
    .requiredOption('--datasets <slugs>', 'comma-separated dataset slugs of the catalogue')
    .option('--params <file>', 'the parameters as a JSON file (- for stdin)')
    .option('--version <version>', 'a tool version (default: the newest approved)')
    .action(
      async (
        tool: string,
        opts: HubFlags & { datasets: string; params?: string; version?: string },
        cmd: Command,
      ) => {
        const o: JobsClientOptions = { hubUrl: opts.hub, token: opts.token };
        const json = Boolean(cmd.optsWithGlobals<{ json?: boolean }>().json);
        const out = json ? process.stderr : process.stdout;
        const seen = new Map<string, string>();
        const view = await runTool(
          o,
          {
            tool,
            version: opts.version,
            datasets: opts.datasets
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
            params: readParams(opts.params),
          },
          (v) => {
            for (const s of v.sites) {
              const line = siteLine(s);
              if (seen.get(s.site) !== line) out.write(`${line}\n`);
              seen.set(s.site, line);
            }
          },
        );
        if (!json) process.stdout.write('\n');
        print(cmd, view);
      },
    );

  hubOptions(jobs.command('status <id>'))
    .description("a job's status at each site")
    .action(async (id: string, opts: HubFlags, cmd: Command) => {
      const v = await getJob({ hubUrl: opts.hub, token: opts.token }, jobId(id));
      const json = Boolean(cmd.optsWithGlobals<{ json?: boolean }>().json);
      process.stdout.write(
        json
          ? `${JSON.stringify(jobDocument(v), null, 2)}\n`
          : `job ${v.id}: ${v.status}\n${v.sites.map(siteLine).join('\n')}\n`,
      );
      if (v.status === 'done' && !allReleased(v)) process.exitCode = 2;
    });

  hubOptions(jobs.command('results <id>'))
    .description("a job's released results per site and its pooled result")
    .action(async (id: string, opts: HubFlags, cmd: Command) => {
      print(cmd, await getJob({ hubUrl: opts.hub, token: opts.token }, jobId(id)));
    });
}
