/**
 * Terms of use (accepted by every user) and provider rules (accepted by each data-holder
 * organisation) as versioned Markdown documents. Version 1 of each is seeded from docs/terms/.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import type { TermsKind } from './terms.tables.js';

export const termsKinds = ['terms-of-use', 'provider-rules'] as const satisfies readonly TermsKind[];

const seedDir = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/terms');

export interface TermsDocument {
  id: number;
  kind: TermsKind;
  version: number;
  body: string;
  publishedAt: Date;
}

/** Insert version 1 of each document from docs/terms/<kind>.md when the hub has none yet. */
export async function seedTerms(db: Kysely<HubDB>): Promise<void> {
  for (const kind of termsKinds) {
    if (await currentTerms(db, kind)) continue;
    const body = await readFile(join(seedDir, `${kind}.md`), 'utf8');
    await db
      .insertInto('terms_document')
      .values({ kind, version: 1, body, published_by: null })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export async function currentTerms(db: Kysely<HubDB>, kind: TermsKind): Promise<TermsDocument | undefined> {
  const row = await db
    .selectFrom('terms_document')
    .select(['id', 'kind', 'version', 'body', 'published_at'])
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (
    row && {
      id: Number(row.id),
      kind: row.kind,
      version: row.version,
      body: row.body,
      publishedAt: row.published_at,
    }
  );
}

/** Publish a new version (the next number); users must accept it again. */
export async function publishTerms(
  db: Kysely<HubDB>,
  kind: TermsKind,
  body: string,
  by: number,
): Promise<TermsDocument> {
  return db.transaction().execute(async (tx) => {
    const current = await currentTerms(tx, kind);
    const row = await tx
      .insertInto('terms_document')
      .values({ kind, version: (current?.version ?? 0) + 1, body, published_by: by })
      .returning(['id', 'kind', 'version', 'body', 'published_at'])
      .executeTakeFirstOrThrow();
    return {
      id: Number(row.id),
      kind: row.kind,
      version: row.version,
      body: row.body,
      publishedAt: row.published_at,
    };
  });
}

/** Whether the user accepted the current terms of use. */
export async function hasAcceptedCurrentTerms(db: Kysely<HubDB>, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('terms_acceptance as a')
    .innerJoin('terms_document as d', 'd.id', 'a.document_id')
    .select('d.version')
    .where('a.user_id', '=', userId)
    .where('d.kind', '=', 'terms-of-use')
    .orderBy('d.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const current = await currentTerms(db, 'terms-of-use');
  return !current || row?.version === current.version;
}

export async function recordTermsAcceptance(
  db: Kysely<HubDB>,
  userId: number,
  documentId: number,
  ip: string | null,
) {
  await db
    .insertInto('terms_acceptance')
    .values({ user_id: userId, document_id: documentId, ip })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Whether an organisation accepted the current provider rules (through one of its representatives).
 * The tunnel's enrolment requires this before a node of the organisation may join.
 */
export async function hasAcceptedProviderRules(db: Kysely<HubDB>, organisationId: number): Promise<boolean> {
  const current = await currentTerms(db, 'provider-rules');
  if (!current) return false;
  const row = await db
    .selectFrom('provider_rules_acceptance')
    .select('organisation_id')
    .where('organisation_id', '=', organisationId)
    .where('document_id', '=', current.id)
    .executeTakeFirst();
  return row !== undefined;
}

export async function recordProviderRulesAcceptance(
  db: Kysely<HubDB>,
  organisationId: number,
  documentId: number,
  userId: number,
): Promise<void> {
  await db
    .insertInto('provider_rules_acceptance')
    .values({ organisation_id: organisationId, document_id: documentId, accepted_by: userId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
