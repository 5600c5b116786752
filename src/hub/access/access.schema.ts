/**
 * The access workflow's API shapes (zod): request bodies and responses of every route under
 * /api/v1/access (docs/access.md). Timestamps are `Date` here and ISO 8601 strings on the wire.
 * The web app codes against this file: change it only by adding optional fields.
 */
import { z } from 'zod';
import { duoModifiers, duoPermissions } from '../../model/catalogue-codes.js';
import { attachmentTypes, datasetStates, requestStates } from './access.tables.js';

export const duoCodes = [...Object.keys(duoPermissions), ...Object.keys(duoModifiers)] as [
  string,
  ...string[],
];

/** Longest access a request may ask for, in days. */
export const maxDurationDays = 1825;

const line = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** A catalogue entry named by its numeric id or its slug. */
export const datasetRef = z.union([z.number().int().positive(), z.string().trim().min(1).max(300)]);

const requestFields = {
  projectTitle: line(300),
  projectSummary: line(10_000),
  principalInvestigator: line(300),
  institution: line(300),
  /** GA4GH DUO codes: at least one primary purpose (a DUO permission code), optional modifiers. */
  purpose: z
    .array(z.enum(duoCodes, { error: `must be GA4GH DUO codes among ${duoCodes.join(', ')}` }))
    .min(1, 'name at least one DUO code')
    .max(20)
    .refine((codes) => codes.some((c) => c in duoPermissions), {
      message: `needs a primary purpose among ${Object.keys(duoPermissions).join(', ')}`,
    })
    .transform((codes) => [...new Set(codes)]),
  /** Reference of the ethics committee's approval (e.g. "REK 2024/1234"). */
  ethicsReference: line(300),
  durationDays: z.number().int().min(1).max(maxDurationDays, `at most ${maxDurationDays} days`),
  /** Published catalogue entries of origin 'node' (ids or slugs); duplicates are merged. */
  datasets: z.array(datasetRef).min(1, 'name at least one dataset').max(100),
};

/** POST /api/v1/access/requests: a new DRAFT. */
export const createRequestBody = z.object(requestFields).strict();
export type CreateRequestInput = z.output<typeof createRequestBody>;

/** PATCH /api/v1/access/requests/:id: change any fields while the request is a DRAFT. */
export const updateRequestBody = z
  .object(requestFields)
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' });
export type UpdateRequestInput = z.output<typeof updateRequestBody>;

/** Optional note with a transition (submit, review, withdraw). */
export const transitionBody = z
  .object({ comment: line(5000).optional() })
  .strict()
  .default({});

/** POST …/decline (committee): the reason is required. */
export const declineBody = z.object({ reason: line(5000) }).strict();

/** POST …/datasets/:datasetId/decision (representative of the dataset's organisation). */
export const decisionBody = z
  .object({
    decision: z.enum(['APPROVED', 'DECLINED', 'NEEDS_INFORMATION']),
    /** Why; required for DECLINED and NEEDS_INFORMATION (what information is needed). */
    comment: line(5000).optional(),
    /** Conditions attached to the grant when APPROVED (shown to the grantee). */
    conditions: line(5000).optional(),
  })
  .strict()
  .refine((b) => b.decision === 'APPROVED' || b.comment !== undefined, {
    message: 'say why (comment) when declining or asking for information',
    path: ['comment'],
  });
export type DecisionInput = z.output<typeof decisionBody>;

/** POST …/datasets/:datasetId/information (requester): the answer; the dataset goes back to PENDING. */
export const informationBody = z.object({ text: line(20_000) }).strict();

/** POST …/messages */
export const messageBody = z.object({ text: line(20_000) }).strict();

/** POST /api/v1/access/grants/:id/revoke */
export const revokeBody = z.object({ reason: line(5000) }).strict();

export const requestParams = z.object({ id: z.coerce.number().int().positive() });
export const datasetParams = requestParams.extend({ datasetId: z.coerce.number().int().positive() });
export const attachmentParams = requestParams.extend({ attachmentId: z.coerce.number().int().positive() });
/** POST …/attachments?filename=ethics.pdf (raw body; Content-Type application/pdf, image/png or image/jpeg). */
export const attachmentQuery = z.object({ filename: z.string().trim().min(1).max(255).optional() });

// ---- responses ----

export const person = z
  .object({ id: z.number(), displayName: z.string(), email: z.string() })
  .meta({ id: 'Person' });
export type Person = z.infer<typeof person>;

export const requestState = z.enum(requestStates);
export const datasetState = z.enum(datasetStates);

export const purposeWarning = z
  .object({
    catalogueEntryId: z.number(),
    slug: z.string(),
    /** The DUO code that does not fit (the dataset's condition, or the requested purpose). */
    code: z.string(),
    message: z.string(),
  })
  .meta({ id: 'PurposeWarning' });

export const requestDataset = z
  .object({
    catalogueEntryId: z.number(),
    slug: z.string(),
    title: z.string(),
    organisationId: z.number(),
    organisationName: z.string(),
    state: datasetState,
    decidedBy: person.nullable(),
    decidedAt: z.date().nullable(),
    comment: z.string().nullable(),
    /** Whether the caller represents this dataset's organisation (may decide on it). */
    representedByViewer: z.boolean(),
  })
  .meta({ id: 'RequestDataset' });

export const requestSummary = z
  .object({
    id: z.number(),
    state: requestState,
    projectTitle: z.string(),
    requester: person,
    createdAt: z.date(),
    updatedAt: z.date(),
    submittedAt: z.date().nullable(),
    datasets: z.array(requestDataset),
  })
  .meta({ id: 'RequestSummary' });
export type RequestSummary = z.infer<typeof requestSummary>;

export const attachmentView = z
  .object({
    id: z.number(),
    fileName: z.string(),
    mediaType: z.enum(attachmentTypes),
    sizeBytes: z.number(),
    sha256: z.string(),
    uploader: person,
    createdAt: z.date(),
    /** Path to GET the file (Content-Disposition: attachment). */
    downloadUrl: z.string(),
  })
  .meta({ id: 'Attachment' });
export type AttachmentView = z.infer<typeof attachmentView>;

export const messageView = z
  .object({
    id: z.number(),
    author: person,
    text: z.string(),
    createdAt: z.date(),
  })
  .meta({ id: 'Message' });
export type MessageView = z.infer<typeof messageView>;

export const timelineItem = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('state'),
      at: z.date(),
      actor: person.nullable(),
      /** Null for the request's own state; set for a dataset's decision. */
      catalogueEntryId: z.number().nullable(),
      from: z.string().nullable(),
      to: z.string(),
      comment: z.string().nullable(),
    }),
    z.object({ kind: z.literal('message'), at: z.date(), message: messageView }),
    z.object({ kind: z.literal('attachment'), at: z.date(), attachment: attachmentView }),
  ])
  .meta({ id: 'TimelineItem' });
export type TimelineItem = z.infer<typeof timelineItem>;

/** What the caller may do next on this request (buttons to show). */
export const viewerInfo = z
  .object({
    isRequester: z.boolean(),
    isCommittee: z.boolean(),
    /** Catalogue entry ids of this request the caller may decide on. */
    representativeFor: z.array(z.number()),
    /** Request transitions open to the caller from the current state. */
    allowedTransitions: z.array(requestState),
  })
  .meta({ id: 'RequestViewer' });

export const requestDetail = requestSummary
  .extend({
    projectSummary: z.string(),
    principalInvestigator: z.string(),
    institution: z.string(),
    purpose: z.array(z.string()),
    ethicsReference: z.string(),
    durationDays: z.number(),
    warnings: z.array(purposeWarning),
    timeline: z.array(timelineItem),
    viewer: viewerInfo,
  })
  .meta({ id: 'RequestDetail' });
export type RequestDetail = z.infer<typeof requestDetail>;

export const requestList = z.object({ requests: z.array(requestSummary) });
export const messageList = z.object({ messages: z.array(messageView) });

export const grantStatus = z.enum(['active', 'scheduled', 'expired', 'revoked']);
export const grantView = z.object({
  id: z.number(),
  user: person,
  catalogueEntryId: z.number(),
  slug: z.string(),
  title: z.string(),
  requestId: z.number(),
  purpose: z.array(z.string()),
  startsAt: z.date(),
  endsAt: z.date(),
  conditions: z.string().nullable(),
  createdAt: z.date(),
  status: grantStatus,
  revokedAt: z.date().nullable(),
  revokedBy: person.nullable(),
  revokeReason: z.string().nullable(),
});
export type GrantView = z.infer<typeof grantView>;
export const grantList = z.object({ grants: z.array(grantView) });

/** The 409 of an illegal transition: `error.details` carries these. */
export const illegalTransitionDetails = z.object({
  current: z.string(),
  requested: z.string(),
  allowed: z.array(z.string()),
});
