/** Build the React app (web/) into web/dist with Vite's API; used by `cie demo` and browser tests. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web');
export const webDist = join(webRoot, 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

/** Whether web/dist exists and is newer than every file under web/src. */
export function webAppBuilt(): boolean {
  const index = join(webDist, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(webRoot, 'src'));
}

export async function buildWebApp(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
}
