/** The basket is kept per user on the hub: another user on the same browser never sees it. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { placeholderFigures } from '../../../test/support/catalogue-record.js';
import { Agent, startTestHub, type TestHub } from '../../../test/support/hub.js';
import { parseDatasetMetadata } from '../../model/dataset-metadata.js';
import { exampleRecord } from '../../model/dcat/fixtures.js';
import { receiveNodeRecord } from '../catalogue/catalogue.service.js';
import { accessPlugin } from './access.plugin.js';

type Basket = { items: { slug: string; title: string }[] };

describe('basket per user', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub({ plugins: [accessPlugin] });
    const org = await hub.createOrganisation('oslo');
    for (const [identifier, state] of [
      ['prostate', 'published'],
      ['lung', 'published'],
      ['draft', 'withdrawn'],
    ] as const) {
      await receiveNodeRecord(hub.db, org, {
        identifier,
        revision: 1,
        state,
        metadata: parseDatasetMetadata(exampleRecord({ identifier, title: `Dataset ${identifier}` })),
        figures: placeholderFigures,
        updatedAt: '',
      });
    }
  });
  after(() => hub.close());

  const slugs = async (agent: Agent) => {
    const res = await agent.fetch('/api/v1/access/basket');
    assert.equal(res.status, 200);
    return ((await res.json()) as Basket).items.map((i) => i.slug);
  };

  it('keeps a researcher’s basket across sessions; the next user on the same browser sees only theirs', async () => {
    const researcher = await hub.createUser();
    const browser = new Agent(hub.url);
    const signInAs = async (user: { newSession(): Promise<{ id: string; csrfToken: string }> }) => {
      const s = await user.newSession();
      browser.cookies.set('cie_session', s.id);
      browser.cookies.set('cie_csrf', s.csrfToken);
    };
    await signInAs(researcher);
    assert.equal((await browser.fetch('/api/v1/access/basket/oslo.prostate', { method: 'PUT' })).status, 200);
    assert.equal((await browser.fetch('/api/v1/access/basket/oslo.lung', { method: 'PUT' })).status, 200);
    assert.equal((await browser.fetch('/api/v1/access/basket/oslo.lung', { method: 'PUT' })).status, 200);
    assert.deepEqual(await slugs(browser), ['oslo.prostate', 'oslo.lung']);

    // The researcher signs out; a representative signs in on the same browser.
    assert.equal((await browser.fetch('/api/v1/auth/sign-out', { method: 'POST' })).status, 204);
    const representative = await hub.createUser({ representativeOf: [await hub.createOrganisation()] });
    await signInAs(representative);
    assert.deepEqual(await slugs(browser), []);
    await browser.fetch('/api/v1/access/basket/oslo.lung', { method: 'PUT' });
    await browser.fetch('/api/v1/access/basket', { method: 'DELETE' });

    // Back as the researcher (another session): the basket is as they left it.
    await signInAs(researcher);
    assert.deepEqual(await slugs(browser), ['oslo.prostate', 'oslo.lung']);
    assert.equal(
      (await browser.fetch('/api/v1/access/basket/oslo.prostate', { method: 'DELETE' })).status,
      200,
    );
    assert.deepEqual(await slugs(browser), ['oslo.lung']);
  });

  it('refuses anonymous callers and datasets that are not published', async () => {
    assert.equal((await hub.anonymous().fetch('/api/v1/access/basket')).status, 401);
    const put = await hub.anonymous().fetch('/api/v1/access/basket/oslo.lung', { method: 'PUT' });
    assert.equal(put.status, 401);
    const user = await hub.userAgent();
    assert.equal((await user.fetch('/api/v1/access/basket/oslo.draft', { method: 'PUT' })).status, 404);
    assert.equal((await user.fetch('/api/v1/access/basket/nowhere.x', { method: 'PUT' })).status, 404);
    assert.deepEqual(await slugs(user), []);
  });
});
