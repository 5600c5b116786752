/**
 * The node under a storm of aborted relay requests: `--rate` DICOMweb relay tasks a second
 * (WADO-RS study, series, instance, metadata, QIDO through the tunnel, each with a fresh hub
 * assertion) that the researcher abandons 0-5 ms after sending (the hub cancels them at the node,
 * or cuts their stream if its head came first),
 * while another user's federated searches (the `search` task, whole site) keep running. Prints
 * the searches' p95 when quiet and under the storm, and their ratio (target ≤ 2), beside what
 * became of the storm's tasks.
 *
 * Hub and node share this process, as in `cie demo`; assertions are signed before the storm so
 * that the storm's cost is the tunnel's and the node's.
 *
 *   node --import tsx bench/relay-abort-storm.ts [--rate 1000] [--seconds 10] [--searches 80]
 */
import { loadavg } from 'node:os';
import { signRelayAssertion } from '../src/hub/relay/relay-assertion.js';
import { RELAY_TASK, type RelayPayloadInput } from '../src/model/relay.js';
import { startRelayWorld } from '../test/support/relay-world.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RATE = arg('rate', 1000);
const SECONDS = arg('seconds', 10);
const SEARCHES = arg('searches', 80);

let warnings = 0;
process.on('warning', () => warnings++);

const w = await startRelayWorld({ seriesPerStudy: 2, instancesPerSeries: 6, siteTasks: true });
const user = await w.newUser();
const grantId = await w.grant(user.id, w.entries.a.id);
const nodeId = w.identity.nodeId;
const hub = w.tunnel.tunnel;
const dataset = 'relay-a';
const [study = ''] = w.studies.a;
const sample = await w.node.db
  .selectFrom('instance as i')
  .innerJoin('series as se', 'se.id', 'i.series_id')
  .innerJoin('study as st', 'st.id', 'se.study_id')
  .select(['se.series_uid', 'i.sop_instance_uid'])
  .where('st.study_uid', '=', study)
  .executeTakeFirstOrThrow();
const paths = [
  { path: `/studies/${study}`, accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
  {
    path: `/studies/${study}/series/${sample.series_uid}`,
    accept: 'multipart/related; type="application/dicom"',
  },
  { path: `/studies/${study}/metadata`, accept: 'application/dicom+json' },
  {
    path: `/studies/${study}/series/${sample.series_uid}/instances/${sample.sop_instance_uid}`,
    accept: 'application/dicom; transfer-syntax=*',
  },
  { path: '/studies', accept: 'application/dicom+json' },
];

const search = { query: { operand: 'AND', children: [] } };
let searchFailures = 0;
async function searchTimes(n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    try {
      await hub.sendTask(nodeId, 'search', search, { deadlineMs: 30_000 });
      times.push(performance.now() - t0);
    } catch {
      searchFailures++; // refused or failed: shown beside the p95
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return times;
}
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? NaN;

await searchTimes(10); // warm-up
const quiet = await searchTimes(SEARCHES);

const total = RATE * SECONDS;
process.stderr.write(`signing ${total} assertions…\n`);
const payloads: RelayPayloadInput[] = [];
for (let i = 0; i < total; i++) {
  const p = paths[i % paths.length] ?? paths[0];
  if (!p) break;
  payloads.push({
    assertion: await signRelayAssertion(w.tunnel.hubKeys, { userId: user.id, nodeId, dataset, grantId }),
    dataset,
    path: p.path,
    query: '',
    accept: p.accept,
    baseUrl: `${w.url}/dicomweb/datasets/${w.entries.a.slug}`,
  });
}

const outcomes = new Map<string, number>();
const count = (k: string): void => {
  outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
};
const pending: Promise<void>[] = [];
function fire(payload: RelayPayloadInput): void {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), Math.random() * 5);
  pending.push(
    hub.sendStreamTask(nodeId, RELAY_TASK, payload, { deadlineMs: 30_000, signal: ac.signal }).then(
      (stream) => {
        // Its head came before the abort: the researcher goes away in the middle of the body.
        stream.body.on('error', () => undefined);
        stream.body.destroy();
        count('head arrived, then cut');
      },
      (err: unknown) =>
        count(
          err instanceof Error && err.name === 'AbortError'
            ? 'abandoned before its head (cancelled)'
            : `refused: ${(err as { code?: string }).code ?? 'error'}`,
        ),
    ),
  );
}

const started = performance.now();
let sent = 0;
const storm = new Promise<void>((resolve) => {
  const tick = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
    while (sent < due) {
      const p = payloads[sent++];
      if (p) fire(p);
    }
    if (sent >= total) {
      clearInterval(tick);
      resolve();
    }
  }, 5);
});
const loud = await searchTimes(SEARCHES);
await storm;
const stormSeconds = (performance.now() - started) / 1000;
await Promise.all(pending);

const q = p95(quiet);
const s = p95(loud);
console.log(
  JSON.stringify(
    {
      rate: { asked: RATE, sent: Math.round(sent / stormSeconds) },
      stormTasks: Object.fromEntries(outcomes),
      searchP95Ms: { quiet: Math.round(q * 10) / 10, underStorm: Math.round(s * 10) / 10 },
      ratio: Math.round((s / q) * 100) / 100,
      searchFailures,
      target: '≤ 2',
      warnings,
      nodeUp: w.client.connected,
      load: loadavg().map((l) => Math.round(l * 10) / 10),
    },
    null,
    2,
  ),
);
await w.close();
