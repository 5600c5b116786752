/** Kysely types of the terms tables (hub migration 0003-terms). */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type TermsKind = 'terms-of-use' | 'provider-rules';

export interface TermsDocumentTable {
  id: Generated<number>;
  kind: TermsKind;
  version: number;
  /** Markdown. */
  body: string;
  published_at: CreatedAt;
  published_by: number | null;
}

export interface TermsAcceptanceTable {
  user_id: number;
  document_id: number;
  accepted_at: CreatedAt;
  ip: string | null;
}

export interface ProviderRulesAcceptanceTable {
  organisation_id: number;
  document_id: number;
  accepted_by: number;
  accepted_at: CreatedAt;
}

export interface TermsTables {
  terms_document: TermsDocumentTable;
  terms_acceptance: TermsAcceptanceTable;
  provider_rules_acceptance: ProviderRulesAcceptanceTable;
}
