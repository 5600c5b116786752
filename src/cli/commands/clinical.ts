/** `cie clinical import <file.csv>`: clinical facts per patient from a CSV. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CieError, errorMessage } from '../../errors.js';
import { importClinicalCsv, type ClinicalImportReport } from '../../node/clinical/clinical.service.js';
import { configFor, openNodeDatabase, printResult } from '../context.js';

export function renderClinicalReport(file: string, r: ClinicalImportReport): string {
  return [
    `${file}: ${r.loaded} of ${r.lines} lines loaded${r.observationKeys.length ? ` (${r.observationKeys.length} observation columns)` : ''}`,
    ...r.bad.map((b) => `  line ${b.line}: ${b.reason}`),
  ].join('\n');
}

export function registerClinicalCommands(program: Command): void {
  const clinical = program.command('clinical').description('clinical data per patient');
  clinical
    .command('import')
    .description(
      'load a CSV (pseudonym,diagnosis,age_at_diagnosis,year_of_diagnosis[,EUCAIM hyper-ontology keys…]); ' +
        'bad lines are reported and skipped, good lines load in one transaction; exit code 1 if any line was bad',
    )
    .argument('<file>', 'the CSV file')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const text = await readFile(file, 'utf8').catch((err: unknown) => {
        throw new CieError('IO_FAILED', `cannot read ${file}: ${errorMessage(err)}`);
      });
      const d = await openNodeDatabase(configFor(cmd));
      try {
        const report = await importClinicalCsv(d.db, text);
        printResult(cmd, report, () => renderClinicalReport(file, report));
        if (report.bad.length) process.exitCode = 1;
      } finally {
        await d.close();
      }
    });
}
