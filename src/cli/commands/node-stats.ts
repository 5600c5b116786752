/** `cie node stats`: what this node's index holds. */
import type { Command } from 'commander';
import { nodeStats, type Breakdown, type NodeStats } from '../../node/stats/node-stats.repository.js';
import { configFor, nodeCommandGroup, openNodeDatabase, printResult } from '../context.js';

function table(title: string, rows: Breakdown[]): string[] {
  return [
    title,
    ...rows.map(
      (r) =>
        `  ${r.value.padEnd(12)} ${String(r.series).padStart(8)} series ${String(r.instances).padStart(10)} instances  ${r.code ?? ''}`,
    ),
  ];
}

export function renderStats(s: NodeStats): string {
  return [
    `patients   ${s.patients}`,
    `studies    ${s.studies}`,
    `series     ${s.series}`,
    `instances  ${s.instances}`,
    `size       ${(s.sizeBytes / 1e6).toFixed(1)} MB`,
    `rejected   ${s.rejectedFiles} files`,
    ...table('by modality', s.byModality),
    ...table('by body part', s.byBodyPart),
    'by cancer type',
    ...s.byCancerType.map(
      (c) => `  ${(c.label ?? c.code).padEnd(16)} ${String(c.patients).padStart(8)} patients  ${c.code}`,
    ),
  ].join('\n');
}

/** The `node` command group is shared with other node commands: reuse it when it exists. */
export function nodeCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'node') ?? program.command('node').description('this node')
  );
}

export function registerNodeStatsCommand(program: Command): void {
  nodeCommandGroup(program)
    .command('stats')
    .description(
      'patients, studies, series, instances and size in the index, by modality, body part and cancer type',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const d = await openNodeDatabase(configFor(cmd));
      try {
        const s = await nodeStats(d.db);
        printResult(cmd, s, () => renderStats(s));
      } finally {
        await d.close();
      }
    });
}
