/** Admin API over the audit log: browse with filters, verify the chain. */
import { z } from 'zod';
import { verifyAuditChain } from '../../audit/verify.js';
import type { HubApp, HubContext, HubPlugin } from '../app.js';
import { access } from '../auth/access.js';
import { auditFamilies, browseAudit, type AuditFamily } from './audit.service.js';

const tags = ['audit'];
const person = z.object({ name: z.string(), email: z.string() });
const record = z.object({
  seq: z.number(),
  at: z.date(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(['success', 'failure', 'denied']),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prev_hash: z.string(),
  hash: z.string(),
  family: z.enum([...(Object.keys(auditFamilies) as AuditFamily[]), 'other']),
  actorPerson: person.nullable().describe('the account behind a user:<id> actor'),
  targetPerson: person.nullable().describe('the account behind a user:<id> target'),
});

export const auditRoutesPlugin: HubPlugin = {
  name: 'audit',
  register(app: HubApp, { db }: HubContext) {
    app.get(
      '/admin/audit',
      {
        config: { access: access.admin },
        schema: {
          tags,
          summary: 'Audit records, newest first, with the people named; page with before=nextBefore',
          querystring: z.object({
            person: z.string().max(300).optional().describe('part of a name or e-mail (actor)'),
            family: z
              .enum(Object.keys(auditFamilies) as [AuditFamily, ...AuditFamily[]])
              .optional()
              .describe('search, download, access, account or administration'),
            actor: z.string().max(300).optional().describe('exact actor, e.g. user:3'),
            action: z.string().max(200).optional().describe('exact, or a prefix ending in . or *'),
            outcome: z.enum(['success', 'failure', 'denied']).optional(),
            target: z.string().max(300).optional(),
            from: z.coerce.date().optional(),
            to: z.coerce.date().optional(),
            before: z.coerce.number().int().positive().optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: { 200: z.object({ records: z.array(record), nextBefore: z.number().nullable() }) },
        },
      },
      async (request) => browseAudit(db, request.query),
    );

    app.get(
      '/admin/audit/verify',
      {
        config: { access: access.admin },
        schema: {
          tags,
          summary: 'Verify the hash chain of the whole log',
          response: {
            200: z.object({
              ok: z.boolean(),
              records: z.number(),
              headSeq: z.number(),
              problems: z.array(z.object({ seq: z.number(), kind: z.string(), message: z.string() })),
            }),
          },
        },
      },
      async () => verifyAuditChain(db),
    );
  },
};
