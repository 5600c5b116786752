/** `cie catalogue harvest|export|search`: the hub's public catalogue from the command line. */
import type { Command } from 'commander';
import { CieError } from '../../errors.js';
import { exportCatalogue } from '../../hub/catalogue/catalogue-export.js';
import { searchCatalogue } from '../../hub/catalogue/catalogue-search.service.js';
import { defaultHarvestTimeoutMs, harvestCatalogue } from '../../hub/catalogue/harvest/harvest.service.js';
import { configFor, openHubDatabase, printResult } from '../context.js';

export function registerCatalogueCommands(program: Command): void {
  const catalogue = program.command('catalogue').description("the hub's public catalogue of datasets");

  catalogue
    .command('harvest <url-or-file>')
    .description('import the DCAT-AP records (Turtle, JSON-LD, RDF/XML) of another catalogue')
    .option('--timeout <ms>', 'how long to wait for an http(s) source', String(defaultHarvestTimeoutMs))
    .action(async (source: string, opts: { timeout: string }, cmd: Command) => {
      const timeoutMs = Number(opts.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
        throw new CieError('BAD_REQUEST', '--timeout must be a positive number of ms');
      const d = await openHubDatabase(configFor(cmd));
      try {
        const s = await harvestCatalogue(d.db, source, { timeoutMs });
        printResult(cmd, s, () =>
          [
            `harvested ${source}: ${s.created.length} new, ${s.updated.length} updated, ${s.unchanged} unchanged, ${s.vanished.length} vanished, ${s.rejected.length} rejected`,
            ...s.rejected.map((r) => `  rejected ${r.message}`),
          ].join('\n'),
        );
        if (s.rejected.length) process.exitCode = 2;
      } finally {
        await d.close();
      }
    });

  catalogue
    .command('export')
    .description('write the public catalogue as DCAT-AP to stdout (streamed)')
    .option('--format <format>', 'turtle or jsonld', 'turtle')
    .option('--base-url <url>', "the hub's public base URL (dataset IRIs are built from it)")
    .action(async (opts: { format: string; baseUrl?: string }, cmd: Command) => {
      if (opts.format !== 'turtle' && opts.format !== 'jsonld')
        throw new CieError('BAD_REQUEST', '--format must be turtle or jsonld');
      const config = configFor(cmd);
      const d = await openHubDatabase(config);
      try {
        await exportCatalogue(
          d.db,
          process.stdout,
          opts.format,
          opts.baseUrl ?? `http://${config.host}:${config.port}`,
        );
      } finally {
        await d.close();
      }
    });

  catalogue
    .command('search [words]')
    .description('search the public catalogue (full text and facets)')
    .option('--facet <name=value...>', 'filter, e.g. modality=RID10312 country=NO (repeatable)')
    .option('--sort <order>', 'relevance, title, subjects or updated')
    .option('--page <n>', 'page number')
    .action(
      async (
        words: string | undefined,
        opts: { facet?: string[]; sort?: string; page?: string },
        cmd: Command,
      ) => {
        const params: Record<string, unknown> = { q: words, sort: opts.sort, page: opts.page };
        for (const f of opts.facet ?? []) {
          const [k, v] = f.split('=');
          if (!k || v === undefined)
            throw new CieError('BAD_REQUEST', `--facet takes name=value, not "${f}"`);
          params[k] = [...((params[k] as string[] | undefined) ?? []), v];
        }
        const d = await openHubDatabase(configFor(cmd));
        try {
          const r = await searchCatalogue(d.db, params);
          printResult(cmd, r, () =>
            [
              `${r.total} datasets`,
              ...r.items.map(
                (i) =>
                  `  ${i.slug}  ${i.title}  (${i.provider}${i.country ? `, ${i.country}` : ''}; ${i.subjects ?? '?'} subjects; ${i.accessRights})`,
              ),
            ].join('\n'),
          );
        } finally {
          await d.close();
        }
      },
    );
}
