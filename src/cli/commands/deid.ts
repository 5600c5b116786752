/**
 * `cie deid <in> <out>`: de-identify a file or folder tree (PS3.15 Annex E, site options from the
 * `deid` config); `cie deid key export --out file`: the pseudonym key for re-identification;
 * `cie phi-scan <dir>`: report attributes that may still identify a person.
 */
import { writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Config } from '../../config/config.js';
import { type DeidReport, deidentifyTree, listFiles } from '../../dicom/deid/deid.service.js';
import { openPseudonymKeyStore } from '../../dicom/deid/pseudonym-key.repository.js';
import { scanForPhi, type PhiScanResult } from '../../dicom/phi/phi-scan.js';
import { CieError } from '../../errors.js';
import { log } from '../../log.js';
import { configFor, globalOptions, openNodeDatabase, printResult } from '../context.js';

function progress(json: boolean | undefined): {
  update: (done: number, total: number) => void;
  stop: () => void;
} {
  if (process.stderr.isTTY && !json) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'deid [{bar}] {percentage}% | {value}/{total} files | {rate}/s | ETA {eta}s',
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    let begun = false;
    return {
      update(done, total) {
        if (!begun) {
          bar.start(total, 0, { rate: '0' });
          begun = true;
        }
        bar.update(done, { rate: (done / Math.max((Date.now() - started) / 1000, 0.001)).toFixed(0) });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last > 2000 || done === total) {
        last = now;
        log.info({ done, total }, 'de-identification progress');
      }
    },
    stop: () => undefined,
  };
}

function renderReport(r: DeidReport): string {
  const lines = [
    `${r.files} files: ${r.written} de-identified, ${r.quarantined.length} quarantined, ${r.failed.length} failed`,
    `${r.patients} patients; ${r.seconds.toFixed(1)} s, ${r.instancesPerSecond.toFixed(0)} files/s, ${r.mbPerSecond.toFixed(1)} MB/s`,
  ];
  for (const [code, n] of Object.entries(r.failuresByReason)) lines.push(`  failed ${code}: ${n}`);
  for (const f of r.failed.slice(0, 10)) lines.push(`    ${f.file}: ${f.message}`);
  for (const [code, n] of Object.entries(r.warnings)) lines.push(`  warning ${code}: ${n}`);
  if (r.quarantined.length) lines.push('quarantined (burned-in text risk):');
  for (const q of r.quarantined.slice(0, 20)) lines.push(`  ${q.file}: ${q.reasons.join('; ')}`);
  if (r.quarantined.length > 20) lines.push(`  … and ${r.quarantined.length - 20} more (see --json)`);
  return lines.join('\n');
}

function renderScan(r: PhiScanResult): string {
  const lines = [
    `${r.scanned}/${r.files} files scanned, ${r.total} possible identifiers in ${r.findings.length} attributes`,
  ];
  for (const f of r.findings) {
    const ex = f.examples[0];
    lines.push(
      `  ${f.kind.padEnd(20)} ${f.tag} ${f.keyword.padEnd(32)} ×${f.count}${ex ? `  e.g. "${ex.value}"` : ''}`,
    );
  }
  for (const u of r.unreadable.slice(0, 10)) lines.push(`  unreadable: ${u.file}: ${u.message}`);
  return lines.join('\n');
}

async function keyStoreFor(config: Config) {
  if (!config.deid.keyPassphrase) {
    throw new CieError('CONFIG_INVALID', 'the pseudonym key needs CIE_DEID_KEY_PASSPHRASE');
  }
  const d = await openNodeDatabase(config);
  return { d, store: await openPseudonymKeyStore(d.db, config.deid.keyPassphrase) };
}

export function registerDeidCommands(program: Command): void {
  const deid = program
    .command('deid')
    .description('de-identify DICOM files (PS3.15 Annex E; options from the deid configuration)')
    .argument('<in>', 'a DICOM file or a folder tree')
    .argument('<out>', 'output folder (<pseudonym>/<study>/<series>/<instance>.dcm, _quarantine/)')
    .option('--no-quarantine', 'write images with burned-in text risk like the others (still listed)')
    .action(async (input: string, output: string, opts: { quarantine: boolean }, cmd: Command) => {
      const config = configFor(cmd);
      const deidConfig = {
        ...config.deid,
        quarantineBurnedIn: config.deid.quarantineBurnedIn && opts.quarantine,
      };
      const pairs = new Map<string, string>();
      const bar = progress(globalOptions(cmd).json);
      let report: DeidReport;
      try {
        report = await deidentifyTree({
          input,
          output,
          config: deidConfig,
          onProgress: bar.update,
          onPseudonym: config.deid.keepPseudonymKey ? (p, id) => pairs.set(p, id) : undefined,
        });
      } finally {
        bar.stop();
      }
      if (config.deid.keepPseudonymKey && pairs.size > 0) {
        const { d, store } = await keyStoreFor(config);
        try {
          await store.put(pairs);
        } finally {
          await d.close();
        }
      }
      printResult(cmd, report, () => renderReport(report));
      if (report.failed.length > 0 && report.failed.length === report.files) process.exitCode = 1;
    });

  deid
    .command('key')
    .description('the pseudonym key table (when deid.keepPseudonymKey is on)')
    .command('export')
    .description("write pseudonym → PatientID pairs (CSV) for the site's re-identification procedure")
    .requiredOption('--out <file>', 'CSV file to write (keep it as protected as the originals)')
    .action(async (opts: { out: string }, cmd: Command) => {
      const config = configFor(cmd);
      const { d, store } = await keyStoreFor(config);
      try {
        const rows = await store.exportAll();
        const csv = [
          'pseudonym,patient_id',
          ...rows.map((r) => `${r.pseudonym},"${r.patientId.replace(/"/g, '""')}"`),
        ];
        writeFileSync(opts.out, `${csv.join('\n')}\n`, { mode: 0o600 });
        printResult(
          cmd,
          { out: opts.out, entries: rows.length },
          () => `${rows.length} pseudonyms written to ${opts.out}`,
        );
      } finally {
        await d.close();
      }
    });

  program
    .command('phi-scan')
    .description('report attributes that may still identify a person in DICOM files')
    .argument('<dir>', 'a DICOM file or a folder tree')
    .option('--names <list>', 'comma-separated names from the original headers to look for in free text')
    .action((dir: string, opts: { names?: string }, cmd: Command) => {
      const result = scanForPhi(listFiles(dir), {
        knownNames: opts.names?.split(',').map((s) => s.trim()) ?? [],
      });
      printResult(cmd, result, () => renderScan(result));
      if (result.total > 0) process.exitCode = 2;
    });
}
