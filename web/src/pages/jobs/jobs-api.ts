/** The job and tool routes as the pages use them (types generated from the hub's OpenAPI document). */
import { get, post, type ApiResult } from '../../api';

export type ToolView = ApiResult<'/api/v1/tools', 'get'>['tools'][number];
export type JobView = ApiResult<'/api/v1/jobs/{id}', 'get'>;
export type SiteView = JobView['sites'][number];
export type HeldItem = ApiResult<'/api/v1/jobs/airlock', 'get'>['held'][number];
export type AirlockAnswer = ApiResult<'/api/v1/jobs/{id}/sites/{site}/outputs/{output}', 'get'>;

export const jobsApi = {
  tools: () => get<{ tools: ToolView[] }>('/tools').then((r) => r.tools),
  review: (id: number, decision: 'approve' | 'reject') =>
    post<ToolView>(`/tools/versions/${id}/review`, { decision }),
  run: (body: { tool: string; version: string; datasets: string[]; params: Record<string, unknown> }) =>
    post<JobView>('/jobs', body),
  job: (id: number) => get<JobView>(`/jobs/${id}`),
  jobs: () => get<{ jobs: JobView[] }>('/jobs').then((r) => r.jobs),
  airlock: () => get<{ held: HeldItem[] }>('/jobs/airlock').then((r) => r.held),
  held: (h: HeldItem) =>
    get<AirlockAnswer>(
      `/jobs/${h.job}/sites/${encodeURIComponent(h.site)}/outputs/${encodeURIComponent(h.output)}`,
    ),
  decide: (h: HeldItem, decision: 'release' | 'reject') =>
    post<AirlockAnswer>(
      `/jobs/${h.job}/sites/${encodeURIComponent(h.site)}/outputs/${encodeURIComponent(h.output)}/decision`,
      { decision },
    ),
};

export const siteBadge: Record<string, string> = {
  released: 'ok',
  held: 'warn',
  refused: 'failed',
  failed: 'failed',
  cancelled: 'failed',
  queued: '',
  running: '',
};

/** A CSV output as rows of cells (outputs are small, plain CSV without quoting). */
export function csvRows(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .map((l) => l.split(','));
}
