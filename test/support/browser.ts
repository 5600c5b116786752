/**
 * A real browser for UI tests: Debian's Chromium driven by playwright-core. The web app is built
 * once (vite) if web/dist is missing or older than its sources.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { buildWebApp, webAppBuilt } from '../../src/hub/web/build.js';

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

let built: Promise<void> | undefined;
async function ensureWebBuilt(): Promise<void> {
  built ??= webAppBuilt() ? Promise.resolve() : buildWebApp();
  return built;
}
