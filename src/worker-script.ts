/**
 * The script a pool of worker threads runs. Workers should run plain JavaScript: a thread that
 * loads tsx to run a TypeScript worker compiles its imports itself, which costs it ~0.3 CPU-s
 * and delays its first task by ~0.25 s (a tenth of a 20,000-file ingest). So a worker's source
 * is bundled once per process, with esbuild (tsx's own compiler, in esbuild's process: ~60 ms the
 * first time, ~10 ms after), into `node_modules/.cache/cie/`, where the packages it imports
 * resolve from the project's `node_modules` as they do from the source.
 *
 * Each module's `import.meta.url` is replaced by its source file's URL as it is bundled, so that
 * files a module reads next to itself (`createRequire(import.meta.url)('./table.json')`) are
 * still found. The bundle is named by a hash of its text, so processes running different sources
 * never share one, and it is written under a temporary name and renamed. A source whose bundle
 * cannot be made or written (a read-only install) runs through tsx's loader.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

export interface WorkerScript {
  /** For Piscina's `filename` (or `new Worker`). */
  filename: string;
  /** For Piscina's `execArgv`: the TypeScript loader when the source runs unbundled. */
  execArgv: string[];
  /** How the script runs (for logs and tests). */
  kind: 'javascript' | 'bundle' | 'tsx';
}

const CACHE = new URL('../node_modules/.cache/cie/', import.meta.url);
const made = new Map<string, Promise<WorkerScript>>();

/** `import.meta.url`, `.filename` and `.dirname` of each TypeScript module: its source's. */
export const sourceLocations: Plugin = {
  name: 'source-locations',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const here = {
        url: pathToFileURL(args.path).href,
        filename: args.path,
        dirname: dirname(args.path),
      };
      const contents = text.replace(/\bimport\.meta\.(url|filename|dirname)\b/g, (_, k: keyof typeof here) =>
        JSON.stringify(here[k]),
      );
      return { contents, loader: 'ts' };
    });
  },
};

async function bundle(source: URL): Promise<WorkerScript> {
  const tsx: WorkerScript = { filename: source.href, execArgv: ['--import', 'tsx'], kind: 'tsx' };
  try {
    const out = await build({
      entryPoints: [fileURLToPath(source)],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      plugins: [sourceLocations],
    });
    const text = out.outputFiles[0]?.text;
    if (text === undefined || text.includes('import.meta')) return tsx;
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
    const name = `${basename(source.pathname, extname(source.pathname))}-${hash}.mjs`;
    const file = fileURLToPath(new URL(name, CACHE));
    if (!existsSync(file)) {
      await mkdir(fileURLToPath(CACHE), { recursive: true });
      const partial = `${file}.${process.pid}.partial`;
      await writeFile(partial, text);
      await rename(partial, file);
    }
    return { filename: file, execArgv: [], kind: 'bundle' };
  } catch {
    return tsx;
  }
}

/** The script for a worker whose source is `source` (a `.ts` or `.js` module URL). */
export function workerScript(source: URL): Promise<WorkerScript> {
  if (!source.pathname.endsWith('.ts')) {
    return Promise.resolve({ filename: source.href, execArgv: [], kind: 'javascript' });
  }
  let script = made.get(source.href);
  if (!script) {
    script = bundle(source);
    made.set(source.href, script);
  }
  return script;
}
