/**
 * The access workflow API as the web app uses it (shapes of src/hub/access/access.schema.ts, with
 * ISO strings for dates). Every URL of /api/v1/access is built here, so a change of route is one
 * edit.
 */
import { api, get, post } from '../api';

export interface Person {
  id: number;
  displayName: string;
  email: string;
}
export type RequestState = 'DRAFT' | 'SUBMITTED' | 'UNDER_REVIEW' | 'CONCLUDED' | 'DECLINED' | 'WITHDRAWN';
export type DatasetState = 'PENDING' | 'APPROVED' | 'DECLINED' | 'NEEDS_INFORMATION';

export interface RequestDataset {
  catalogueEntryId: number;
  slug: string;
  title: string;
  organisationId: number;
  organisationName: string;
  state: DatasetState;
  decidedBy: Person | null;
  decidedAt: string | null;
  comment: string | null;
  representedByViewer: boolean;
}
export interface RequestSummary {
  id: number;
  state: RequestState;
  projectTitle: string;
  requester: Person;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  datasets: RequestDataset[];
}
export interface PurposeWarning {
  catalogueEntryId: number;
  slug: string;
  code: string;
  message: string;
}
export interface AttachmentView {
  id: number;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploader: Person;
  createdAt: string;
  downloadUrl: string;
}
export interface MessageView {
  id: number;
  author: Person;
  text: string;
  createdAt: string;
}
export type TimelineItem =
  | {
      kind: 'state';
      at: string;
      actor: Person | null;
      catalogueEntryId: number | null;
      from: string | null;
      to: string;
      comment: string | null;
    }
  | { kind: 'message'; at: string; message: MessageView }
  | { kind: 'attachment'; at: string; attachment: AttachmentView };

export interface RequestDetail extends RequestSummary {
  projectSummary: string;
  principalInvestigator: string;
  institution: string;
  purpose: string[];
  ethicsReference: string;
  durationDays: number;
  warnings: PurposeWarning[];
  timeline: TimelineItem[];
  viewer: {
    isRequester: boolean;
    isCommittee: boolean;
    representativeFor: number[];
    allowedTransitions: RequestState[];
  };
}

export interface NewRequest {
  projectTitle: string;
  projectSummary: string;
  principalInvestigator: string;
  institution: string;
  purpose: string[];
  ethicsReference: string;
  durationDays: number;
  datasets: string[];
}

export type GrantStatus = 'active' | 'scheduled' | 'expired' | 'revoked';
export interface GrantView {
  id: number;
  user: Person;
  catalogueEntryId: number;
  slug: string;
  title: string;
  requestId: number;
  purpose: string[];
  startsAt: string;
  endsAt: string;
  conditions: string | null;
  createdAt: string;
  status: GrantStatus;
  revokedAt: string | null;
  revokedBy: Person | null;
  revokeReason: string | null;
}

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
  decide: (
    id: number,
    datasetId: number,
    body: { decision: 'APPROVED' | 'DECLINED' | 'NEEDS_INFORMATION'; comment?: string; conditions?: string },
  ) => post<RequestDetail>(`${req(id)}/datasets/${datasetId}/decision`, body),
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
