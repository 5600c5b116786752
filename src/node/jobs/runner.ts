/**
 * One interface for every way a node runs a tool (docs/jobs.md): built-in (our code, in process),
 * container (podman/docker, sandboxed), Slurm. A runner reads the run's input folder, writes into
 * its output folder, and stops when the signal aborts (deadline, node shutdown). A failing tool
 * rejects with the reason; it never takes the node down.
 */
import type { ToolSpec } from '../../model/jobs/jobs.js';
import type { RunManifest } from './run-layout.js';

export interface RunSpec {
  tool: ToolSpec;
  params: Record<string, unknown>;
  /** Read-only: the granted series as links, and manifest.json. */
  inputDir: string;
  manifest: RunManifest;
  /** Writable: only declared outputs written here may leave, after the gate. */
  outputDir: string;
  signal: AbortSignal;
  /** A line for the run's log (the researcher sees the last ones). */
  log: (line: string) => void;
}

export interface Runner {
  readonly kind: ToolSpec['runner']['kind'];
  run(spec: RunSpec): Promise<void>;
}
