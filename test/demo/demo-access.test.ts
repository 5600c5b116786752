/**
 * `cie demo` with several sites: the researcher already holds a grant (an access request approved
 * at start, through the access services) and can read the granted dataset's studies through the
 * hub's DICOMweb relay, while another site's dataset stays refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoPassword, demoSites } from '../../src/demo/demo-sites.js';
import { useTestDemo } from '../support/demo.js';
import { Agent } from '../support/hub.js';
import { waitFor } from '../support/tunnel-hub.js';

describe('demo access', () => {
  const running = useTestDemo({ sites: demoSites.slice(0, 2), patients: 10 });

  it("gives the researcher a grant on the second site's first dataset, usable over DICOMweb", async () => {
    const demo = running();
    const researcher = new Agent(demo.url);
    const signIn = await researcher.fetch('/api/v1/auth/sign-in', {
      method: 'POST',
      json: { email: 'researcher@demo.cie', password: demoPassword },
    });
    assert.equal(signIn.status, 200);
    const [first, second] = demoSites;
    assert.ok(first && second);
    const entries = async () => {
      const res = await fetch(`${demo.url}/api/v1/catalogue/datasets?pageSize=100`);
      return ((await res.json()) as { items: { slug: string }[] }).items.map((i) => i.slug);
    };
    let slugs: string[] = [];
    await waitFor(
      'both sites in the catalogue',
      async () => {
        slugs = await entries();
        return (
          slugs.some((s) => s.startsWith(`${first.slug}.`)) &&
          slugs.some((s) => s.startsWith(`${second.slug}.`))
        );
      },
      60_000,
    );
    const candidates = slugs.filter((s) => s.startsWith(`${second.slug}.`));
    const other = slugs.find((s) => s.startsWith(`${first.slug}.`));
    let granted: string | undefined;
    await waitFor(
      'the seeded grant',
      async () => {
        for (const s of candidates)
          if ((await researcher.fetch(`/dicomweb/datasets/${s}/studies`)).status === 200) granted = s;
        return granted !== undefined;
      },
      60_000,
    );
    assert.ok(granted);
    const studies = (await (
      await researcher.fetch(`/dicomweb/datasets/${granted}/studies`)
    ).json()) as unknown[];
    assert.ok(studies.length > 0, 'the granted dataset lists studies');
    assert.equal((await researcher.fetch(`/dicomweb/datasets/${other}/studies`)).status, 403);
  });
});
