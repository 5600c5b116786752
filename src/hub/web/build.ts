/** Build the React app (web/) into web/dist with Vite's API; used by `cie demo` and browser tests. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web');
export const webDist = join(webRoot, 'dist');

export function webAppBuilt(): boolean {
  return existsSync(join(webDist, 'index.html'));
}

export async function buildWebApp(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
}
