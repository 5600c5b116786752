/**
 * Task kinds every node answers. `tunnel.echo` returns its payload, after an optional delay (at
 * most 30 s, abortable): operators and benchmarks use it to measure the tunnel's round trip and
 * to check deadline behaviour end to end.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { TunnelClient } from './tunnel.client.js';

export const ECHO_TASK = 'tunnel.echo';

export function registerBuiltinTasks(client: TunnelClient): void {
  client.registerTaskHandler(ECHO_TASK, async (payload, ctx) => {
    const delayMs =
      typeof payload === 'object' &&
      payload !== null &&
      'delayMs' in payload &&
      typeof payload.delayMs === 'number'
        ? Math.min(Math.max(payload.delayMs, 0), 30_000)
        : 0;
    if (delayMs > 0) await sleep(delayMs, undefined, { signal: ctx.signal });
    return payload;
  });
}
