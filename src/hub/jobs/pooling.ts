/**
 * Pooling released per-site metrics at the hub, as the tool declares: sums, minimum, maximum, and
 * means weighted by another pooled key. Only released outputs take part, and a key a site did not
 * report (or reported as a non-number) is pooled over the sites that did.
 */
import type { PoolingRule, ReleasedOutput } from '../../model/jobs/jobs.js';

export interface PooledResult {
  /** The metrics output pooled. */
  output: string;
  /** How many sites' metrics went in. */
  sites: number;
  metrics: Record<string, number>;
}

function numberAt(m: Record<string, unknown>, key: string): number | undefined {
  const v = m[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function poolMetrics(
  rules: Record<string, PoolingRule>,
  perSite: readonly Record<string, unknown>[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, rule] of Object.entries(rules)) {
    const values = perSite
      .map((m) => ({ v: numberAt(m, key), w: typeof rule === 'object' ? numberAt(m, rule.weightedMean) : 1 }))
      .filter((x): x is { v: number; w: number } => x.v !== undefined && x.w !== undefined);
    if (values.length === 0) continue;
    if (rule === 'sum') out[key] = values.reduce((s, x) => s + x.v, 0);
    else if (rule === 'min') out[key] = Math.min(...values.map((x) => x.v));
    else if (rule === 'max') out[key] = Math.max(...values.map((x) => x.v));
    else {
      const weight = values.reduce((s, x) => s + x.w, 0);
      if (weight > 0) out[key] = values.reduce((s, x) => s + x.v * x.w, 0) / weight;
    }
  }
  return out;
}

/** Pool the first metrics output the sites released; null when no site released one. */
export function poolSites(
  rules: Record<string, PoolingRule>,
  metricsOutput: string | undefined,
  released: readonly (readonly ReleasedOutput[])[],
): PooledResult | null {
  if (!metricsOutput || Object.keys(rules).length === 0) return null;
  const perSite: Record<string, unknown>[] = [];
  for (const outputs of released) {
    const o = outputs.find((x) => x.name === metricsOutput);
    if (!o) continue;
    try {
      const parsed: unknown = JSON.parse(o.content);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        perSite.push(parsed as Record<string, unknown>);
    } catch {
      // A metrics output that is not JSON was refused at the node's gate; nothing to pool.
    }
  }
  if (perSite.length === 0) return null;
  return { output: metricsOutput, sites: perSite.length, metrics: poolMetrics(rules, perSite) };
}
