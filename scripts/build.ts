/**
 * Compiles the `cie` command to JavaScript: ES modules in dist/ (entry dist/cie.mjs, each command
 * module and what only it needs in its own chunk, so a command loads only its own packages;
 * packages stay in node_modules; each module's `import.meta.url` stays its source's, so files read
 * next to a source are found), and dist/help.json, the help text of every command, which
 * bin/cie.mjs prints without loading the program. `npm ci` (prepare) runs this, and bin/cie.mjs
 * runs it again whenever a source is newer than the entry.
 *
 * Files are written to a private folder and renamed into dist/, the entry last, so a process
 * starting meanwhile sees either the old build or the new one. Chunks are named by content;
 * those older than a day that no build wrote since are removed.
 */
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Command } from 'commander';
import { sourceLocations } from '../src/worker-script.js';

const root = new URL('../', import.meta.url);
const dist = fileURLToPath(new URL('dist/', root));
const partial = `${dist}.partial-${process.pid}/`;
const DAY_MS = 86_400_000;

/** Each command's help, keyed by its path ('' for the program, 'node stats' for a subcommand). */
function helpTexts(cmd: Command, path: string[], out: Record<string, string>): Record<string, string> {
  out[path.join(' ')] = cmd.helpInformation();
  for (const sub of cmd.commands) helpTexts(sub, [...path, sub.name()], out);
  return out;
}

await rm(partial, { recursive: true, force: true });
await build({
  entryPoints: { cie: fileURLToPath(new URL('src/cli/main.ts', root)) },
  outdir: partial,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  plugins: [sourceLocations],
});
const { buildProgram } = (await import(pathToFileURL(`${partial}cie.mjs`).href)) as {
  buildProgram: () => Promise<Command>;
};
await writeFile(`${partial}help.json`, JSON.stringify(helpTexts(await buildProgram(), [], {})));

await mkdir(`${dist}chunks`, { recursive: true });
const now = Date.now();
const chunks = await readdir(`${partial}chunks`);
for (const c of chunks) await rename(`${partial}chunks/${c}`, `${dist}chunks/${c}`);
for (const c of await readdir(`${dist}chunks`)) {
  if (!chunks.includes(c) && now - (await stat(`${dist}chunks/${c}`)).mtimeMs > DAY_MS) await rm(`${dist}chunks/${c}`);
}
await rename(`${partial}help.json`, `${dist}help.json`);
await rename(`${partial}cie.mjs`, `${dist}cie.mjs`);
await rm(partial, { recursive: true, force: true });
