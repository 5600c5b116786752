/**
 * A real browser for UI tests: Debian's Chromium driven by playwright-core. The web app is built
 * once (vite) if web/dist is missing or older than its sources.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildWebApp } from '../../src/hub/web/build.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function browserAvailable(): boolean {
  return existsSync(chromiumPath);
}

export async function launchBrowser(): Promise<Browser> {
  await ensureWebBuilt();
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

let built: Promise<void> | undefined;
async function ensureWebBuilt(): Promise<void> {
  built ??= (async () => {
    const index = join('web', 'dist', 'index.html');
    if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(join('web', 'src'))) return;
    await buildWebApp();
  })();
  return built;
}
