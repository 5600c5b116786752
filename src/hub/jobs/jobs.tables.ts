/** Kysely types of the hub's job tables (migration 0500-jobs). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface ToolTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  created_at: Timestamp;
}

export type ToolVersionState = 'pending' | 'approved' | 'rejected';

export interface ToolVersionTable {
  id: Generated<number>;
  tool_id: number;
  version: string;
  /** A `ToolSpec` (src/model/jobs/jobs.ts). */
  spec: Json<unknown>;
  state: Generated<ToolVersionState>;
  submitted_by: string;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_note: string | null;
  created_at: Timestamp;
}

export interface JobTable {
  id: Generated<number>;
  user_id: number;
  tool_version_id: number;
  params: Json<unknown>;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface JobSiteTable {
  job_id: number;
  organisation_id: number;
  /** `JobSiteDataset[]`. */
  datasets: Json<unknown>;
  status: Generated<string>;
  reason: string | null;
  node_run: number | null;
  /** The node's `SiteOutcome`, once it answered. */
  outcome: ColumnType<unknown, string | null | undefined, string | null>;
  updated_at: Timestamp;
}

export interface JobTables {
  tool: ToolTable;
  tool_version: ToolVersionTable;
  job: JobTable;
  job_site: JobSiteTable;
}
