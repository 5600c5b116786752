/**
 * `cie node`: the node's commands. `cie node --hub URL --enrol TOKEN` (the same as
 * `cie node run …`, node-run.ts) enrols once, then serves the site until stopped. Other
 * features add subcommands to the same group through `nodeCommandGroup(program)`.
 */
import type { Command } from 'commander';
import { nodeCommandGroup } from '../context.js';
import { registerNodeRun } from './node-run.js';

export function registerNodeCommands(program: Command): void {
  registerNodeRun(nodeCommandGroup(program));
}
