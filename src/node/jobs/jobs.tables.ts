/** Kysely types of the node's job tables (migration 0900-jobs). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type RunStatus = 'running' | 'released' | 'held' | 'failed';
export type OutputState = 'released' | 'held' | 'rejected';

export interface JobRunTable {
  id: Generated<number>;
  hub_job: number;
  jti: string;
  user_id: number;
  tool: string;
  tool_version: string;
  digest: string;
  datasets: Json<string[]>;
  status: Generated<RunStatus>;
  reason: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface JobOutputTable {
  run_id: number;
  name: string;
  kind: 'metrics' | 'table' | 'file';
  media_type: string;
  content: Buffer;
  state: OutputState;
  reasons: Json<string[]>;
  /** `user:<id>` of each reviewer who approved release. */
  approvals: ColumnType<string[], string | undefined, string>;
}

export interface JobToolApprovalTable {
  tool: string;
  tool_version: string;
  digest: string;
  approved_by: string;
  approved_at: Timestamp;
}

export interface NodeJobTables {
  job_run: JobRunTable;
  job_output: JobOutputTable;
  job_tool_approval: JobToolApprovalTable;
}
