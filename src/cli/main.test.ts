/**
 * Each command line loads only the command modules it needs (src/cli/main.ts): for every command
 * of the whole program, the program built for that command alone must define it the same way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { buildProgram } from './main.js';

function paths(cmd: Command, prefix: string[] = []): string[] {
  return cmd.commands.flatMap((c) => {
    const p = [...prefix, c.name()];
    return [p.join(' '), ...paths(c, p)];
  });
}

function find(program: Command, path: string): Command | undefined {
  let cmd: Command | undefined = program;
  for (const word of path.split(' ')) cmd = cmd?.commands.find((c) => c.name() === word);
  return cmd;
}

describe('cie command loading', () => {
  it('defines every command, with its help, when only that command line is loaded', async () => {
    const whole = await buildProgram();
    const all = paths(whole).filter((p) => !p.startsWith('help'));
    assert.ok(all.includes('node stats') && all.includes('jobs'), all.join(', '));
    for (const path of all) {
      const program = await buildProgram(path.split(' '));
      assert.ok(program.commands.length < whole.commands.length, `cie ${path} loads only its own modules`);
      const alone = find(program, path);
      assert.ok(alone, `cie ${path} is defined when loaded alone`);
      assert.equal(alone.helpInformation(), find(whole, path)?.helpInformation(), `help of cie ${path}`);
    }
  });

  it('loads the whole program for a line it does not know, so commander can suggest', async () => {
    const program = await buildProgram(['nodez']);
    assert.ok(program.commands.length > 10);
  });
});
