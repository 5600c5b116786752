/** Kysely types of the access tables (hub migration 0400-access). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type TextArray = ColumnType<string[], string[], string[]>;

export const requestStates = [
  'DRAFT',
  'SUBMITTED',
  'UNDER_REVIEW',
  'CONCLUDED',
  'DECLINED',
  'WITHDRAWN',
] as const;
export type RequestState = (typeof requestStates)[number];

export const datasetStates = ['PENDING', 'APPROVED', 'DECLINED', 'NEEDS_INFORMATION'] as const;
export type DatasetState = (typeof datasetStates)[number];

/** A purpose/data-use mismatch found when the request was saved (warn, never block). */
export interface PurposeWarning {
  catalogueEntryId: number;
  slug: string;
  code: string;
  message: string;
}

export interface AccessRequestTable {
  id: Generated<number>;
  requester_id: number;
  state: ColumnType<RequestState, RequestState | undefined, RequestState>;
  project_title: string;
  project_summary: string;
  principal_investigator: string;
  institution: string;
  /** GA4GH DUO codes. */
  purpose: TextArray;
  ethics_reference: string;
  duration_days: number;
  /** Written as JSON text, read back parsed. */
  warnings: JSONColumnType<PurposeWarning[], string, string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  submitted_at: NullableTimestamp;
}

export interface AccessRequestDatasetTable {
  request_id: number;
  catalogue_entry_id: number;
  state: ColumnType<DatasetState, DatasetState | undefined, DatasetState>;
  decided_by: number | null;
  decided_at: NullableTimestamp;
  comment: string | null;
}

export interface AccessEventTable {
  id: Generated<number>;
  request_id: number;
  /** Set for a dataset's decision; null for the request's own state changes. */
  catalogue_entry_id: number | null;
  actor_id: number | null;
  from_state: string | null;
  to_state: string;
  comment: string | null;
  at: CreatedAt;
}

export interface AccessMessageTable {
  id: Generated<number>;
  request_id: number;
  author_id: number;
  body: string;
  created_at: CreatedAt;
}

export const attachmentTypes = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type AttachmentType = (typeof attachmentTypes)[number];

export interface AccessAttachmentTable {
  id: Generated<number>;
  request_id: number;
  uploader_id: number;
  /** The uploader's file name, shown only; never used as a path. */
  file_name: string;
  media_type: AttachmentType;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  created_at: CreatedAt;
}

export interface AccessGrantTable {
  id: Generated<number>;
  user_id: number;
  catalogue_entry_id: number;
  request_id: number;
  purpose: TextArray;
  starts_at: Timestamp;
  ends_at: Timestamp;
  conditions: string | null;
  created_at: CreatedAt;
  revoked_at: NullableTimestamp;
  revoked_by: number | null;
  revoke_reason: string | null;
}

/** One dataset in one user's basket (hub migration 0440-basket). */
export interface BasketItemTable {
  user_id: number;
  entry_id: number;
  added_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface AccessTables {
  access_request: AccessRequestTable;
  access_request_dataset: AccessRequestDatasetTable;
  access_event: AccessEventTable;
  access_message: AccessMessageTable;
  access_attachment: AccessAttachmentTable;
  access_grant: AccessGrantTable;
  basket_item: BasketItemTable;
}
