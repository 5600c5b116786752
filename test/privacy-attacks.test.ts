/**
 * The attacks of issue 13 replayed against a real hub and node (tunnel, broker, budgets, node
 * privacy policy with ε set): variant averaging, padding with exactly known counts, tracker
 * padding. The attacker knows the ground truth of everything but the target (the worst case), and
 * must not learn a suppressed count exactly. The figures each attack reaches are in
 * docs/privacy.md ("Threat model").
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CieError } from '../src/errors.js';
import { hubAuditSink } from '../src/hub/search/audit-sink.js';
import { SearchBroker } from '../src/hub/search/search-broker.service.js';
import { tunnelNodeDispatcher } from '../src/hub/search/tunnel-dispatcher.js';
import { cancerTypes, fieldKeys as F, type CancerType } from '../src/model/codes.js';
import type { QueryNode } from '../src/model/query/query.schema.js';
import { wholeIndexCollections } from '../src/node/search/collections.js';
import { registerSearchTask } from '../src/node/search/search.task.js';
import { startTestNode, type TestNode } from './support/node.js';
import { generateSearchFixture, insertSearchFixture } from './support/search-fixture.js';
import { expectedAnswer } from './support/search-oracle.js';
import { and, leaf, or } from './support/search-queries.js';
import { startTestHub, waitFor, type TestHub } from './support/tunnel-hub.js';
import type { FocusAnswer } from '../src/model/search-answer.js';

const epsilon = 0.5;
const policy = { threshold: 10, roundTo: 10, epsilon };
const fixture = generateSearchFixture(13, 400);
const subjects = (q: QueryNode): number => expectedAnswer(fixture, q).total.subjects;

const diagnosis = (t: CancerType) => leaf(F.diagnosis, 'EQUALS', cancerTypes[t].code);
const ages = (min: number, max: number) => leaf(F.ageAtDiagnosis, 'BETWEEN', { min, max });

/** A suppressed cell: one diagnosis in one 10-year age band with 1 to 4 patients. */
function findTarget(): { query: QueryNode; count: number; type: CancerType } {
  for (const type of Object.keys(cancerTypes) as CancerType[]) {
    for (let lo = 0; lo < 100; lo += 10) {
      const query = and(diagnosis(type), ages(lo, lo + 9));
      const count = subjects(query);
      if (count >= 1 && count <= 4) return { query, count, type };
    }
  }
  throw new Error('the fixture has no small cell');
}
const target = findTarget();

/** Padding sets of other diagnoses whose exact counts the attacker knows, by count. */
function paddingSets(): Map<number, QueryNode> {
  const byCount = new Map<number, QueryNode>();
  for (const type of Object.keys(cancerTypes) as CancerType[]) {
    if (type === target.type) continue;
    const agesOf = fixture.flatMap((p) =>
      p.clinical?.diagnosis_code === cancerTypes[type].code && p.clinical.age_at_diagnosis !== null
        ? [p.clinical.age_at_diagnosis]
        : [],
    );
    for (let lo = 0; lo < 100; lo++) {
      for (let hi = lo; hi < 100; hi++) {
        const n = agesOf.filter((a) => a >= lo && a <= hi).length;
        if (n > 30) break;
        if (!byCount.has(n)) byCount.set(n, and(diagnosis(type), ages(lo, hi)));
      }
    }
  }
  return byCount;
}

/** Laplace(0, b) CDF. */
function cdf(x: number, b: number): number {
  return x < 0 ? 0.5 * Math.exp(x / b) : 1 - 0.5 * Math.exp(-x / b);
}

/** P(the node releases `r` | raw count m): noise, then threshold and rounding. */
function likelihood(r: number | string, m: number): number {
  const b = 1 / epsilon;
  if (typeof r === 'string') return cdf(policy.threshold - m, b);
  const lo = r === policy.threshold ? policy.threshold : r - policy.roundTo / 2;
  return Math.max(cdf(r + policy.roundTo / 2 - m, b) - cdf(lo - m, b), 1e-300);
}

/** The attacker's posterior over the target count 0…9 (uniform prior) from padded answers. */
function posterior(observations: Array<{ known: number; released: number | string }>): number[] {
  const p = Array.from({ length: 10 }, (_, t) =>
    observations.reduce((acc, o) => acc * likelihood(o.released, o.known + t), 1),
  );
  const sum = p.reduce((a, b) => a + b, 0);
  return p.map((x) => x / sum);
}

describe('privacy attacks against a real hub and node with ε set', () => {
  let hub: TestHub;
  let node: TestNode;
  let broker: SearchBroker;
  let user = 100;

  before(async () => {
    hub = await startTestHub();
    node = await startTestNode(hub, { name: 'oslo' });
    await insertSearchFixture(node.database.db, fixture);
    registerSearchTask(node.client, {
      db: node.database.db,
      provider: 'oslo',
      privacy: policy,
      collections: wholeIndexCollections('oslo'),
    });
    await waitFor('oslo online', () => hub.tunnel.onlineNodes().some((n) => n.nodeId === node.nodeId));
    broker = new SearchBroker({
      db: hub.database.db,
      dispatcher: tunnelNodeDispatcher(hub.database.db, hub.tunnel),
      audit: hubAuditSink(hub.database.db),
      defaultDeadlineMs: 20_000,
      searchesPerHour: 1000,
      privacyBudgetEpsilon: 5,
      privacyBudgetHours: 24,
    });
  });
  after(async () => {
    broker.close();
    await node.close();
    await hub.close();
  });

  /** One search through hub and tunnel; the node's answer, or the refusal. */
  async function ask(userId: number, query: QueryNode): Promise<FocusAnswer> {
    const { id } = await broker.startSearch(userId, { query, clientAddress: '192.0.2.7' });
    for await (const e of broker.events(userId, id)) {
      if (e.type !== 'node') continue;
      if (e.node.answer) return e.node.answer;
      throw new Error(`${e.node.state}: ${e.node.reason ?? ''}`);
    }
    throw new Error('no answer');
  }
  const released = (a: FocusAnswer): number | string => a.collections[0]?.subjects_count ?? 'none';

  it('variant averaging: 210 spellings of one padded question get one noisy answer and spend ε once', async () => {
    const padding = paddingSets().get(9);
    assert.ok(padding, 'a padding set of exactly 9');
    const attacker = ++user;
    const answers = new Set<string>();
    for (let k = 0; k < 210; k++) {
      // age BETWEEN 0 AND 200+k, GREATER_THAN -1-k, OR an impossible value: all mean "the target"
      const spelling =
        k % 3 === 0
          ? and(target.query, ages(0, 200 + k))
          : k % 3 === 1
            ? and(target.query, leaf(F.ageAtDiagnosis, 'GREATER_THAN', -1 - k))
            : or(target.query, ages(500 + k, 600 + k));
      answers.add(JSON.stringify(released(await ask(attacker, or(padding, spelling)))));
    }
    assert.equal(answers.size, 1, `one answer, not ${answers.size}`);
    const budget = await broker.budget(attacker);
    assert.deepEqual(
      budget.privacy.nodes.map((n) => n.spent),
      [epsilon],
    );
    // one noisy answer: the attacker's best guess stays uncertain
    const [only] = [...answers].map((a) => JSON.parse(a) as number | string);
    const post = posterior([{ known: 9, released: only ?? '< 10' }]);
    assert.ok(Math.max(...post) < 0.5, `posterior ${post.map((p) => p.toFixed(2)).join(' ')}`);
  });

  it('padding with exactly known counts: the budget stops the attacker before the count is known', async () => {
    const sets = paddingSets();
    const attacker = ++user;
    const observations: Array<{ known: number; released: number | string }> = [];
    let refused: unknown;
    for (let i = 0; i < 40 && !refused; i++) {
      // adaptive: pad so that padding + the current best guess sits on a rounding boundary
      const post = posterior(observations);
      const guess = post.indexOf(Math.max(...post));
      const want = Math.max(0, 15 - guess + (i % 3) - 1);
      const known = [...sets.keys()].sort((a, b) => Math.abs(a - want) - Math.abs(b - want))[0] ?? 0;
      const padding = sets.get(known);
      assert.ok(padding);
      try {
        // a different spelling each time is no help; a different padding set is a new question
        observations.push({ known, released: released(await ask(attacker, or(padding, target.query))) });
        sets.delete(known); // the same padding again would only repeat the cached answer
      } catch (err) {
        refused = err;
      }
    }
    assert.ok(refused instanceof CieError && refused.code === 'RATE_LIMITED', String(refused));
    assert.match(refused.message, /privacy budget at oslo is spent \(ε 5 of 5 in 24 h\)/);
    const [spent] = (await broker.budget(attacker)).privacy.nodes.map((n) => n.spent);
    assert.equal(spent, 5, 'ε 0.5 per new question, none for a question already answered');
    const post = posterior(observations);
    assert.ok(
      Math.max(...post) < 0.9,
      `after ${observations.length} answers the posterior is ${post.map((p) => p.toFixed(2)).join(' ')}`,
    );
  });

  it('tracker padding: differences of two large noisy answers do not give the hidden count', async () => {
    const attacker = ++user;
    const diffs: number[] = [];
    const trackers = (Object.keys(cancerTypes) as CancerType[]).filter((t) => t !== target.type);
    for (const t of trackers) {
      const tracker = diagnosis(t);
      try {
        const withTarget = released(await ask(attacker, or(tracker, target.query)));
        const alone = released(await ask(attacker, tracker));
        if (typeof withTarget === 'number' && typeof alone === 'number') diffs.push(withTarget - alone);
      } catch (err) {
        assert.ok(err instanceof CieError && err.code === 'RATE_LIMITED', String(err));
        break;
      }
    }
    // every difference is a multiple of the rounding step: never the hidden count itself
    for (const d of diffs) assert.equal(Math.abs(d) % policy.roundTo, 0, `difference ${d}`);
    assert.ok(!diffs.includes(target.count));
    // asking the same tracker pair again, in any spelling, repeats the cached answers
    const again = released(await ask(++user, or(target.query, diagnosis(trackers[0] ?? 'lung'))));
    const first = released(await ask(++user, or(diagnosis(trackers[0] ?? 'lung'), target.query)));
    assert.equal(again, first);
  });
});
