/**
 * The demo federation: three provider organisations in three countries, each with its own node
 * and a generated corpus, and the demo accounts of every role.
 */
export interface DemoSite {
  slug: string;
  name: string;
  country: string;
  city: string;
  /** Seed of the site's generated corpus (same seed, same files). */
  seed: number;
}

export const demoSites: readonly DemoSite[] = [
  { slug: 'nordic-cic', name: 'Nordic Cancer Imaging Centre', country: 'NO', city: 'Oslo', seed: 11 },
  {
    slug: 'hum-valencia',
    name: 'Hospital Universitario del Mediterráneo',
    country: 'ES',
    city: 'Valencia',
    seed: 22,
  },
  { slug: 'uk-rheinland', name: 'Universitätsklinikum Rheinland', country: 'DE', city: 'Köln', seed: 33 },
];

export type DemoRole = 'admin' | 'committee' | 'researcher' | 'representative';

export interface DemoAccount {
  email: string;
  password: string;
  displayName: string;
  role: DemoRole;
  /** For representatives: the organisation (slug) they represent. */
  organisation?: string;
}

/** Demo-only password: the demo binds to loopback and says so when it starts. */
export const demoPassword = 'demo-password-2026';

export const demoAccounts: readonly DemoAccount[] = [
  { email: 'admin@demo.cie', password: demoPassword, displayName: 'Ada Admin', role: 'admin' },
  { email: 'committee@demo.cie', password: demoPassword, displayName: 'Carl Committee', role: 'committee' },
  {
    email: 'researcher@demo.cie',
    password: demoPassword,
    displayName: 'Rita Researcher',
    role: 'researcher',
  },
  ...demoSites.map((s): DemoAccount => ({
    email: `rep-${s.slug}@demo.cie`,
    password: demoPassword,
    displayName: `Data holder, ${s.name}`,
    role: 'representative',
    organisation: s.slug,
  })),
];
