/**
 * The access workflow API as the web app uses it, typed from the generated API types (the hub's
 * src/hub/access/access.schema.ts). Every URL of /api/v1/access is built here, so a change of route is one
 * edit.
 */
import { api, get, post, type ApiBody, type ApiResult } from '../api';

type RequestsPath = '/api/v1/access/requests';
type RequestPath = '/api/v1/access/requests/{id}';

export type RequestDetail = ApiResult<RequestPath, 'get'>;
export type RequestSummary = ApiResult<RequestsPath, 'get'>['requests'][number];
export type RequestState = RequestDetail['state'];
export type RequestDataset = RequestDetail['datasets'][number];
export type TimelineItem = RequestDetail['timeline'][number];
export type MessageView = ApiResult<'/api/v1/access/requests/{id}/messages', 'post'>;
export type NewRequest = ApiBody<RequestsPath, 'post'>;
export type GrantView = ApiResult<'/api/v1/access/grants', 'get'>['grants'][number];
type Decision = ApiBody<'/api/v1/access/requests/{id}/datasets/{datasetId}/decision', 'post'>;

/** Whose requests: mine, the committee's inbox, or those with datasets I represent. */
export type RequestScope = 'mine' | 'committee' | 'representative';

const base = '/access';
const req = (id: number) => `${base}/requests/${id}`;

export const accessApi = {
  listRequests: (scope: RequestScope) =>
    get<{ requests: RequestSummary[] }>(
      scope === 'mine' ? `${base}/requests` : `${base}/${scope}/requests`,
    ).then((r) => r.requests),
  getRequest: (id: number) => get<RequestDetail>(req(id)),
  createRequest: (body: NewRequest) => post<RequestDetail>(`${base}/requests`, body),
  /** submit, review (committee starts review), withdraw */
  transition: (id: number, step: 'submit' | 'review' | 'withdraw', comment?: string) =>
    post<RequestDetail>(`${req(id)}/${step}`, comment ? { comment } : {}),
  decline: (id: number, reason: string) => post<RequestDetail>(`${req(id)}/decline`, { reason }),
  decide: (id: number, datasetId: number, body: Decision) =>
    post<RequestDetail>(`${req(id)}/datasets/${datasetId}/decision`, body),
  answerInformation: (id: number, datasetId: number, text: string) =>
    post<RequestDetail>(`${req(id)}/datasets/${datasetId}/information`, { text }),
  sendMessage: (id: number, text: string) => post<MessageView>(`${req(id)}/messages`, { text }),
  uploadAttachment: async (id: number, file: File) => {
    const csrf = /(?:^|;\s*)cie_csrf=([^;]+)/.exec(document.cookie)?.[1];
    const res = await fetch(`/api/v1${req(id)}/attachments?filename=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': file.type || 'application/octet-stream',
        ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}),
      },
      body: file,
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new Error(body.error?.message ?? `${res.status} ${res.statusText}`);
    }
  },
  /** My grants, or (representatives) the grants on my organisations' datasets. */
  listGrants: (scope: 'mine' | 'representative') =>
    get<{ grants: GrantView[] }>(scope === 'mine' ? `${base}/grants` : `${base}/representative/grants`).then(
      (r) => r.grants,
    ),
  revokeGrant: (id: number, reason: string) =>
    api<GrantView>('POST', `${base}/grants/${id}/revoke`, { reason }),
};

export const requestStateLabel: Record<RequestState, string> = {
  DRAFT: 'Draft',
  SUBMITTED: 'Submitted',
  UNDER_REVIEW: 'Under review',
  CONCLUDED: 'Concluded',
  DECLINED: 'Declined',
  WITHDRAWN: 'Withdrawn',
};

export const stateBadge: Record<string, string> = {
  DRAFT: 'warn',
  SUBMITTED: 'warn',
  UNDER_REVIEW: 'warn',
  PENDING: 'warn',
  NEEDS_INFORMATION: 'warn',
  CONCLUDED: 'ok',
  APPROVED: 'ok',
  active: 'ok',
  scheduled: 'warn',
  DECLINED: 'failed',
  WITHDRAWN: 'offline',
  expired: 'offline',
  revoked: 'failed',
};
