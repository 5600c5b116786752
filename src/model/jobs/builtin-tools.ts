/**
 * The built-in tools: the hub registers (and approves) these specs at start-up, and the node runs
 * them with its own code (src/node/jobs/builtin/). A built-in's digest names its id and version,
 * so a node runs only the exact version it ships.
 */
import type { ToolSpec } from './jobs.js';

export interface BuiltinTool {
  name: string;
  description: string;
  spec: ToolSpec;
}

/** The digest a node checks for a built-in tool version. */
export function builtinDigest(builtin: string, version: string): string {
  return `builtin:${builtin}@${version}`;
}

const QC_COUNTS = [
  'patients',
  'series',
  'seriesWithIssues',
  'seriesMissingSlices',
  'seriesDuplicateSlices',
  'seriesInconsistentGeometry',
];

export const datasetQcTool: BuiltinTool = {
  name: 'Dataset quality control',
  description:
    'Checks every granted series: geometry (rows, columns, pixel spacing, orientation), slice thickness and spacing, missing or duplicate slices, and intensity range. Returns counts per site and per orientation.',
  spec: {
    slug: 'dataset-qc',
    version: '1.0.0',
    runner: { kind: 'builtin', builtin: 'dataset-qc' },
    parameters: {
      type: 'object',
      properties: {
        gapFactor: {
          type: 'number',
          minimum: 1.1,
          maximum: 5,
          default: 1.5,
          description:
            'A gap between slices larger than this many times the median spacing counts as missing slices',
        },
      },
      additionalProperties: false,
    },
    outputs: [
      { name: 'summary.json', kind: 'metrics', maxBytes: 16_384, counts: QC_COUNTS },
      {
        name: 'orientation.csv',
        kind: 'table',
        maxBytes: 16_384,
        counts: ['series'],
        dominance: { total: 'instances', largest: 'largestSeriesInstances' },
      },
    ],
    resources: { memoryMb: 512, cpus: 1, pids: 64, deadlineS: 600 },
    pooling: {
      patients: 'sum',
      series: 'sum',
      instances: 'sum',
      seriesWithIssues: 'sum',
      seriesMissingSlices: 'sum',
      seriesDuplicateSlices: 'sum',
      seriesInconsistentGeometry: 'sum',
      meanSliceThicknessMm: { weightedMean: 'series' },
      meanSliceSpacingMm: { weightedMean: 'series' },
      minIntensity: 'min',
      maxIntensity: 'max',
    },
  },
};

export const builtinTools: readonly BuiltinTool[] = [datasetQcTool];
