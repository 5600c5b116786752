/**
 * `cie` as a real child process for CLI tests: its stderr collected, a wait for a line matching
 * a pattern, and a stop by signal that resolves with the exit code. Stop what you start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const cie = join(import.meta.dirname, '..', '..', 'bin', 'cie.mjs');

export interface CieProcess {
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  exit: Promise<number | null>;
  /** Resolves with the first match of `pattern` in stderr (fails after `ms`, or when the process ends). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export function startCie(args: string[], env: Record<string, string> = {}): CieProcess {
  const child = spawn(process.execPath, [cie, ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  let ended = false;
  const exit = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      ended = true;
      resolve(code);
    }),
  );
  return {
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    exit,
    async waitFor(pattern, ms = 120_000) {
      const end = Date.now() + ms;
      for (;;) {
        const m = pattern.exec(stderr);
        if (m) return m;
        if (ended)
          throw new Error(`cie ${args.join(' ')} ended (${child.exitCode}) before ${pattern}: ${stderr}`);
        if (Date.now() > end)
          throw new Error(`timed out waiting for ${pattern} from cie ${args.join(' ')}: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (!ended) child.kill('SIGTERM');
      return exit;
    },
  };
}
