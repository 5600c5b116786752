/**
 * The built-in "dataset-qc" tool: quality control of every granted series (series-qc.ts), summed
 * into counts for the site (summary.json) and per orientation (orientation.csv). No UID or
 * pseudonym is written: what leaves is counts and measurements, checked again by the gate.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { RunSpec } from '../runner.js';
import { seriesQc, type Orientation, type SeriesQc } from './series-qc.js';

const mean = (v: number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : null);
const round = (v: number | null, digits = 3) => (v === null ? null : Number(v.toFixed(digits)));

export async function runDatasetQc(spec: RunSpec): Promise<void> {
  const gapFactor = typeof spec.params.gapFactor === 'number' ? spec.params.gapFactor : 1.5;
  const results: SeriesQc[] = [];
  for (const patient of spec.manifest.patients) {
    for (const study of patient.studies) {
      for (const series of study.series) {
        spec.signal.throwIfAborted();
        const dir = join(spec.inputDir, series.path);
        const files = readdirSync(dir).map((f) => join(dir, f));
        results.push(seriesQc(files, gapFactor));
        // Other tasks (heartbeats, searches) run between series.
        await yieldToLoop();
      }
    }
  }
  const issues = (r: SeriesQc) =>
    r.missingSlices > 0 || r.duplicateSlices > 0 || r.inconsistentGeometry || r.unreadable > 0;
  const defined = (v: (number | null)[]) => v.filter((x): x is number => x !== null);
  const mins = defined(results.map((r) => r.minIntensity));
  const maxs = defined(results.map((r) => r.maxIntensity));
  const summary = {
    patients: spec.manifest.patients.length,
    series: results.length,
    instances: results.reduce((s, r) => s + r.instances, 0),
    unreadableInstances: results.reduce((s, r) => s + r.unreadable, 0),
    seriesWithIssues: results.filter(issues).length,
    seriesMissingSlices: results.filter((r) => r.missingSlices > 0).length,
    seriesDuplicateSlices: results.filter((r) => r.duplicateSlices > 0).length,
    seriesInconsistentGeometry: results.filter((r) => r.inconsistentGeometry).length,
    meanSliceThicknessMm: round(mean(defined(results.map((r) => r.sliceThicknessMm)))),
    meanSliceSpacingMm: round(mean(defined(results.map((r) => r.sliceSpacingMm)))),
    minIntensity: mins.length ? Math.min(...mins) : null,
    maxIntensity: maxs.length ? Math.max(...maxs) : null,
  };
  writeFileSync(join(spec.outputDir, 'summary.json'), JSON.stringify(summary, null, 2));
  const byOrientation = new Map<Orientation, SeriesQc[]>();
  for (const r of results) byOrientation.set(r.orientation, [...(byOrientation.get(r.orientation) ?? []), r]);
  const lines = ['orientation,series,instances,largestSeriesInstances'];
  for (const [o, list] of [...byOrientation].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `${o},${list.length},${list.reduce((s, r) => s + r.instances, 0)},${Math.max(...list.map((r) => r.instances))}`,
    );
  }
  writeFileSync(join(spec.outputDir, 'orientation.csv'), `${lines.join('\n')}\n`);
  spec.log(
    `checked ${summary.series} series (${summary.instances} instances): ${summary.seriesWithIssues} with issues`,
  );
}
