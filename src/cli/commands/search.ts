/**
 * `cie search --hub URL --token T --query <file.json|-> [--sites a,b] [--deadline ms] [--csv out]`:
 * a federated search at a hub from the terminal. Prints each site's status as it arrives (the
 * hub's Server-Sent Events), then a summary table; with the global `--json`, the whole stored
 * result as JSON on stdout (statuses go to stderr); `--csv` also writes one line per site and
 * collection to a file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CieError } from '../../errors.js';
import { parseQuery } from '../../model/query/validate.js';
import { resultCsv, resultTable, runHubSearch } from '../../hub/search/search-client.js';
import type { NodeResultView } from '../../hub/search/search.repository.js';

function readQuery(source: string): unknown {
  const text = source === '-' ? readFileSync(0, 'utf8') : readFileSync(source, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CieError('BAD_REQUEST', `--query ${source}: not JSON`);
  }
}

function statusLine(n: NodeResultView): string {
  const c = n.answer?.collections ?? [];
  const counts = c.map((x) => `${x.name}: ${String(x.subjects_count)} subjects`).join('; ');
  const took = n.elapsed_ms === null ? '' : ` (${n.elapsed_ms} ms)`;
  return `${n.node_name}: ${n.state}${took}${counts ? ` - ${counts}` : ''}${n.reason ? ` - ${n.reason}` : ''}`;
}

export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description("run a federated search at a hub and print each site's answer as it arrives")
    .requiredOption('--hub <url>', "the hub's base URL (env CIE_HUB_URL)", process.env.CIE_HUB_URL)
    .requiredOption('--token <token>', 'an API token of yours (env CIE_HUB_TOKEN)', process.env.CIE_HUB_TOKEN)
    .requiredOption('--query <file>', 'the query (a Lens AST as JSON) in a file, or - for stdin')
    .option('--sites <names>', 'comma-separated site names (default: every site)')
    .option('--deadline <ms>', 'how long sites may take')
    .option('--csv <file>', 'also write the result as CSV (one line per site and collection)')
    .action(
      async (
        opts: { hub: string; token: string; query: string; sites?: string; deadline?: string; csv?: string },
        cmd: Command,
      ) => {
        const query = readQuery(opts.query);
        parseQuery(query); // the hub checks too; this names the offending part before any request
        const deadlineMs = opts.deadline === undefined ? undefined : Number(opts.deadline);
        if (deadlineMs !== undefined && (!Number.isInteger(deadlineMs) || deadlineMs <= 0))
          throw new CieError('BAD_REQUEST', '--deadline must be a positive number of ms');
        const json = Boolean(cmd.optsWithGlobals<{ json?: boolean }>().json);
        const out = json ? process.stderr : process.stdout;
        const view = await runHubSearch({
          hubUrl: opts.hub,
          token: opts.token,
          query,
          sites: opts.sites
            ?.split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          deadlineMs,
          onResult: (n) => out.write(`${statusLine(n)}\n`),
        });
        if (opts.csv) writeFileSync(opts.csv, resultCsv(view));
        if (json) process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
        else process.stdout.write(`\n${resultTable(view)}\n`);
        if (view.nodes.some((n) => n.state !== 'answered')) process.exitCode = 2;
      },
    );
}
