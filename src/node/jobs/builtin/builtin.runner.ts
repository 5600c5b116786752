/** The runner of built-in tools: our own code, run in the node's process (no sandbox needed). */
import { CieError } from '../../../errors.js';
import type { Runner, RunSpec } from '../runner.js';
import { runDatasetQc } from './dataset-qc.js';

const tools: Record<string, (spec: RunSpec) => Promise<void>> = {
  'dataset-qc': runDatasetQc,
};

export const builtinRunner: Runner = {
  kind: 'builtin',
  async run(spec) {
    const runner = spec.tool.runner;
    const tool = runner.kind === 'builtin' ? tools[runner.builtin] : undefined;
    if (!tool) throw new CieError('BAD_REQUEST', `no built-in tool for ${spec.tool.slug}`);
    await tool(spec);
  },
};
