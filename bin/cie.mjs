#!/usr/bin/env node
// Entry point of the `cie` command. It runs the compiled bundle (dist/cie.mjs, made by
// scripts/build.ts, which `npm ci` runs), rebuilding it first when a source is newer; help is
// printed from dist/help.json without loading the program. Where the bundle cannot be made, the
// TypeScript sources run through tsx's loader.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bundle = `${root}dist/cie.mjs`;

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    return statSync(bundle).mtimeMs >= newestSource(`${root}src`);
  } catch {
    return false;
  }
}

/** The help asked for (`cie [cmd…] --help`, `cie help [cmd…]`, `cie`), or undefined. */
function helpFor(args) {
  const words = args.filter((a) => a !== '--help' && a !== '-h');
  const asked = args.length === 0 || words.length < args.length || words[0] === 'help';
  if (!asked) return undefined;
  const path = (words[0] === 'help' ? words.slice(1) : words).join(' ');
  try {
    return JSON.parse(readFileSync(`${root}dist/help.json`, 'utf8'))[path];
  } catch {
    return undefined;
  }
}

let fresh = bundleIsFresh();
if (!fresh) {
  const built = spawnSync(process.execPath, ['--import', 'tsx', `${root}scripts/build.ts`], { stdio: 'ignore' });
  fresh = built.status === 0;
}
const help = fresh ? helpFor(process.argv.slice(2)) : undefined;
if (help !== undefined) {
  process.stdout.write(help);
} else if (fresh) {
  const { main } = await import(bundle);
  await main(process.argv);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  await main(process.argv);
}
