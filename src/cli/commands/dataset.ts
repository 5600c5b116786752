/** `cie dataset create|update|publish|withdraw|figures|list|show|refresh`: datasets at this node. */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { CieError, errorMessage } from '../../errors.js';
import { datasetQuads } from '../../model/dcat/to-rdf.js';
import { toJsonLd, toTurtle } from '../../model/dcat/serialize.js';
import { datasetStates, type DatasetState } from '../../node/datasets/dataset.schema.js';
import {
  createDataset,
  getDataset,
  listDatasets,
  publicRecordOf,
  publishDataset,
  refreshDatasetStats,
  setFigurePublication,
  updateDataset,
  withdrawDataset,
  type DatasetView,
} from '../../node/datasets/dataset.service.js';
import { findDatasetByIdentifier } from '../../node/datasets/dataset.repository.js';
import { configFor, openNodeDatabase, printResult } from '../context.js';

interface SelectionFlags {
  folder?: string[];
  studies?: string;
  query?: string;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CieError('IO_FAILED', `cannot read ${what} file ${path}: ${errorMessage(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CieError('VALIDATION_FAILED', `${what} file ${path} is not JSON: ${errorMessage(err)}`);
  }
}

/** --folder, --studies (comma list or @file with one UID a line) or --query (file): at most one. */
function selectionFrom(flags: SelectionFlags): unknown {
  const given = [
    flags.folder?.length ? 'folder' : '',
    flags.studies ? 'studies' : '',
    flags.query ? 'query' : '',
  ].filter(Boolean);
  if (given.length > 1) throw new CieError('BAD_REQUEST', `give one selection, not ${given.join(' and ')}`);
  if (flags.folder?.length) return { kind: 'folder', prefixes: flags.folder };
  if (flags.studies) {
    const list = flags.studies.startsWith('@') ? readFileSync(flags.studies.slice(1), 'utf8') : flags.studies;
    return { kind: 'studies', studyUids: list.split(/[\s,]+/).filter(Boolean) };
  }
  if (flags.query) return { kind: 'query', query: readJson(flags.query, 'query') };
  return undefined;
}

function line(d: DatasetView): string {
  const s = d.stats;
  return `${d.identifier}  ${d.state}  rev ${d.revision}  ${s?.numberOfUniqueIndividuals ?? 0} subjects, ${s?.studies ?? 0} studies, ${s?.instances ?? 0} instances  ${d.metadata.title}`;
}

function details(d: DatasetView): string {
  const s = d.stats;
  return [
    line(d),
    `selection: ${JSON.stringify(d.selection)}`,
    s
      ? `ages ${s.minTypicalAge ?? '?'}-${s.maxTypicalAge ?? '?'}; sexes ${s.sexes.join(',') || '-'}; modalities ${s.modalities.join(',') || '-'}; body parts ${s.bodyParts.join(',') || '-'}; ${s.sizeBytes} bytes`
      : 'no statistics yet',
  ].join('\n');
}

const selectionOptions = (c: Command): Command =>
  c
    .option('--folder <prefix...>', 'select what was ingested from under these folders')
    .option('--studies <uids>', 'select these StudyInstanceUIDs (comma-separated, or @file with one a line)')
    .option('--query <file>', 'select the patients matching a saved federated-search query (Lens AST JSON)');

export function registerDatasetCommands(program: Command): void {
  const dataset = program
    .command('dataset')
    .description('datasets at this node: selections of the index with catalogue metadata');

  selectionOptions(
    dataset
      .command('create')
      .description('create a draft dataset from a metadata file and a selection')
      .requiredOption('--metadata <file>', 'catalogue metadata (JSON, see docs/catalogue.md)'),
  ).action(async (opts: SelectionFlags & { metadata: string }, cmd: Command) => {
    const selection = selectionFrom(opts);
    if (selection === undefined)
      throw new CieError('BAD_REQUEST', 'give a selection: --folder, --studies or --query');
    const d = await openNodeDatabase(configFor(cmd));
    try {
      const ds = await createDataset(d.db, { metadata: readJson(opts.metadata, 'metadata'), selection });
      printResult(cmd, ds, () => `created ${details(ds)}`);
    } finally {
      await d.close();
    }
  });

  selectionOptions(
    dataset
      .command('update <identifier>')
      .description(
        'change descriptive metadata (fields in the file replace those stored) and/or the selection',
      )
      .option('--metadata <file>', 'metadata fields to change (JSON object)'),
  ).action(async (identifier: string, opts: SelectionFlags & { metadata?: string }, cmd: Command) => {
    const metadata = opts.metadata ? readJson(opts.metadata, 'metadata') : undefined;
    if (
      metadata !== undefined &&
      (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    ) {
      throw new CieError('VALIDATION_FAILED', 'the metadata file must hold a JSON object');
    }
    const d = await openNodeDatabase(configFor(cmd));
    try {
      const ds = await updateDataset(d.db, identifier, {
        metadata: metadata as Record<string, unknown> | undefined,
        selection: selectionFrom(opts),
      });
      printResult(cmd, ds, () => `updated ${details(ds)}`);
    } finally {
      await d.close();
    }
  });

  for (const [name, run, what] of [
    ['publish', publishDataset, 'publish a dataset to the catalogue (pushed to the hub when reachable)'],
    ['withdraw', withdrawDataset, 'withdraw a published dataset from the catalogue'],
  ] as const) {
    dataset
      .command(`${name} <identifier>`)
      .description(what)
      .action(async (identifier: string, _opts: unknown, cmd: Command) => {
        const d = await openNodeDatabase(configFor(cmd));
        try {
          const ds = await run(d.db, identifier);
          printResult(cmd, ds, () => `${ds.identifier} is now ${ds.state} (rev ${ds.revision})`);
        } finally {
          await d.close();
        }
      });
  }

  dataset
    .command('figures <identifier> <publication>')
    .description(
      "publish a dataset's catalogue figures 'released' through the privacy policy (default) or 'exact' (docs/privacy.md)",
    )
    .option(
      '--reason <text>',
      'why exact figures may be published (required for exact; kept in the audit log)',
      '',
    )
    .action(async (identifier: string, publication: string, opts: { reason: string }, cmd: Command) => {
      if (publication !== 'released' && publication !== 'exact')
        throw new CieError('BAD_REQUEST', `publication must be released or exact, not "${publication}"`);
      const d = await openNodeDatabase(configFor(cmd));
      try {
        const ds = await setFigurePublication(d.db, identifier, {
          publication,
          reason: opts.reason,
          actor: `cli:${userInfo().username}`,
        });
        printResult(cmd, ds, () => `${ds.identifier}: figures ${ds.figurePublication} (rev ${ds.revision})`);
      } finally {
        await d.close();
      }
    });

  dataset
    .command('list')
    .description('list the datasets of this node')
    .option('--state <state>', `only datasets in this state (${datasetStates.join(', ')})`)
    .action(async (opts: { state?: string }, cmd: Command) => {
      if (opts.state && !datasetStates.includes(opts.state as DatasetState)) {
        throw new CieError('BAD_REQUEST', `--state must be one of ${datasetStates.join(', ')}`);
      }
      const d = await openNodeDatabase(configFor(cmd));
      try {
        const list = await listDatasets(d.db, opts.state ? [opts.state as DatasetState] : undefined);
        printResult(cmd, list, () => (list.length ? list.map(line).join('\n') : 'no datasets'));
      } finally {
        await d.close();
      }
    });

  dataset
    .command('show <identifier>')
    .description('show a dataset, or its public catalogue record as DCAT-AP (--dcat turtle|jsonld)')
    .option('--dcat <format>', 'print the DCAT-AP record: turtle or jsonld')
    .option(
      '--base-url <url>',
      'base of the dataset IRI in the DCAT-AP record',
      'https://catalogue.example.org/datasets/',
    )
    .action(async (identifier: string, opts: { dcat?: string; baseUrl: string }, cmd: Command) => {
      const config = configFor(cmd);
      const d = await openNodeDatabase(config);
      try {
        if (opts.dcat) {
          if (opts.dcat !== 'turtle' && opts.dcat !== 'jsonld')
            throw new CieError('BAD_REQUEST', '--dcat must be turtle or jsonld');
          const row = await findDatasetByIdentifier(d.db, identifier);
          if (!row) throw new CieError('NOT_FOUND', `no dataset "${identifier}" on this node`);
          const { metadata } = await publicRecordOf(d.db, row, config.privacy);
          const quads = datasetQuads(metadata, `${opts.baseUrl.replace(/\/?$/, '/')}${identifier}`);
          const out =
            opts.dcat === 'turtle'
              ? await toTurtle(quads)
              : `${JSON.stringify(await toJsonLd(quads), null, 2)}\n`;
          process.stdout.write(out);
          return;
        }
        const ds = await getDataset(d.db, identifier);
        printResult(cmd, ds, () => details(ds));
      } finally {
        await d.close();
      }
    });

  dataset
    .command('refresh')
    .description(
      'recompute the statistics of every dataset from the index; queue pushes for those that changed',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const d = await openNodeDatabase(configFor(cmd));
      try {
        const changed = await refreshDatasetStats(d.db);
        printResult(cmd, { changed }, () =>
          changed.length ? `statistics changed: ${changed.join(', ')}` : 'no change',
        );
      } finally {
        await d.close();
      }
    });
}
