/** A test hub with the access feature, a recording notifier and the people of a request. */
import { catalogueEntry } from './access-fixture.js';
import { type Agent, startTestHub, type TestHub } from './hub.js';
import type { Backend } from './db.js';
import type { HubConfig } from '../../src/config/hub-config.js';
import type { GrantedRole } from '../../src/hub/identity/identity.tables.js';
import type { NotificationInput, Notifier } from '../../src/hub/notifications/notifier.js';
import { createAccessPlugin } from '../../src/hub/access/access.plugin.js';

export class RecordingNotifier implements Notifier {
  readonly sent: NotificationInput[] = [];
  notify(input: NotificationInput): Promise<void> {
    this.sent.push(input);
    return Promise.resolve();
  }
  /** Recipients of the notifications of this kind, sorted. */
  recipientsOf(kind: string): number[] {
    return [...new Set(this.sent.filter((n) => n.kind === kind).flatMap((n) => n.recipients))].sort(
      (a, b) => a - b,
    );
  }
  clear(): void {
    this.sent.length = 0;
  }
}

export interface Person {
  id: number;
  agent: Agent;
}

export interface AccessWorld {
  hub: TestHub;
  notifier: RecordingNotifier;
  orgA: number;
  orgB: number;
  /** Published node entries: two of organisation A, one of B. */
  a1: { id: number; slug: string };
  a2: { id: number; slug: string };
  b1: { id: number; slug: string };
  researcher: Person;
  otherResearcher: Person;
  committee: Person;
  admin: Person;
  repA: Person;
  repB: Person;
  person(o?: { roles?: GrantedRole[]; representativeOf?: number[] }): Promise<Person>;
}

export async function accessWorld(backend: Backend, config: Partial<HubConfig> = {}): Promise<AccessWorld> {
  const notifier = new RecordingNotifier();
  const hub = await startTestHub({ backend, config, plugins: [createAccessPlugin({ notifier })] });
  const person = async (o: { roles?: GrantedRole[]; representativeOf?: number[] } = {}): Promise<Person> => {
    const user = await hub.createUser(o);
    const s = await user.newSession();
    const agent = hub.anonymous();
    agent.cookies.set('cie_session', s.id);
    agent.cookies.set('cie_csrf', s.csrfToken);
    return { id: user.id, agent };
  };
  const orgA = await hub.createOrganisation();
  const orgB = await hub.createOrganisation();
  return {
    hub,
    notifier,
    orgA,
    orgB,
    a1: await catalogueEntry(hub.db, {
      organisationId: orgA,
      dataUse: { permission: 'DUO:0000006', modifiers: [] },
    }),
    a2: await catalogueEntry(hub.db, {
      organisationId: orgA,
      dataUse: { permission: 'DUO:0000042', modifiers: [] },
    }),
    b1: await catalogueEntry(hub.db, {
      organisationId: orgB,
      dataUse: { permission: 'DUO:0000006', modifiers: [{ code: 'DUO:0000046' }] },
    }),
    researcher: await person(),
    otherResearcher: await person(),
    committee: await person({ roles: ['committee'] }),
    admin: await person({ roles: ['admin'] }),
    repA: await person({ representativeOf: [orgA] }),
    repB: await person({ representativeOf: [orgB] }),
    person,
  };
}

export function draftBody(datasets: (number | string)[], over: Record<string, unknown> = {}) {
  return {
    projectTitle: 'Prostate MR radiomics',
    projectSummary: 'Radiomics features of biparametric prostate MR against Gleason grade.',
    principalInvestigator: 'Dr Ana Berg',
    institution: 'University of Oslo',
    purpose: ['DUO:0000006'],
    ethicsReference: 'REK 2024/1234',
    durationDays: 30,
    datasets,
    ...over,
  };
}

/** JSON of a response, typed loosely for assertions. */
export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
