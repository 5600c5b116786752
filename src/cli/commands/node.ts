/**
 * `cie node`: the node's commands. `cie node --hub URL --enrol TOKEN` (the same as
 * `cie node run …`, node-run.ts) enrols once, then serves the site until stopped. Other
 * features add subcommands to the same group through `nodeCommandGroup(program)`.
 */
import type { Command } from 'commander';
import { registerNodeRun } from './node-run.js';

/** The `node` command group, created by whichever feature registers first. */
export function nodeCommandGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'node') ??
    program.command('node').description('run and inspect this site node')
  );
}

export function registerNodeCommands(program: Command): void {
  registerNodeRun(nodeCommandGroup(program));
}
