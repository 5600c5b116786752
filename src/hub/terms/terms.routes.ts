/**
 * Terms of use and provider rules: read the current version (anyone), accept it (users; data-
 * holder representatives for their organisation), publish a new version (admins).
 */
import { z } from 'zod';
import { audit } from '../../audit/audit.js';
import { CieError } from '../../errors.js';
import type { HubApp, HubContext, HubPlugin } from '../app.js';
import { access, requireUser } from '../auth/access.js';
import { idParam } from '../http/schemas.js';
import {
  currentTerms,
  hasAcceptedProviderRules,
  publishTerms,
  recordProviderRulesAcceptance,
  recordTermsAcceptance,
  termsKinds,
} from './terms.repository.js';

const tags = ['terms'];
const kind = z.enum(termsKinds);
const document = z.object({ kind, version: z.number(), body: z.string(), publishedAt: z.date() });
const versionBody = z.object({
  version: z.number().int().positive().describe('the version you read and accept'),
});

export const termsPlugin: HubPlugin = {
  name: 'terms',
  register(app: HubApp, { db }: HubContext) {
    const current = async (k: z.infer<typeof kind>) => {
      const doc = await currentTerms(db, k);
      if (!doc) throw new CieError('NOT_FOUND', `no ${k} document is published`);
      return doc;
    };
    const mustBeCurrent = (doc: { kind: string; version: number }, version: number) => {
      if (doc.version !== version) {
        throw new CieError(
          'CONFLICT',
          `the current ${doc.kind} are version ${doc.version}, not ${version}: read them again`,
        );
      }
    };

    app.get(
      '/terms/current',
      {
        config: { access: access.public },
        schema: {
          tags,
          summary: 'The current terms of use or provider rules (Markdown)',
          querystring: z.object({ kind: kind.default('terms-of-use') }),
          response: { 200: document },
        },
      },
      async (request) => current(request.query.kind),
    );

    app.post(
      '/terms/accept',
      {
        config: { access: access.user, allowWithoutTerms: true },
        schema: { tags, summary: 'Accept the current terms of use', body: versionBody },
      },
      async (request, reply) => {
        const p = requireUser(request);
        const doc = await current('terms-of-use');
        mustBeCurrent(doc, request.body.version);
        await recordTermsAcceptance(db, p.userId, doc.id, request.ip);
        await audit(db, {
          actor: `user:${p.userId}`,
          action: 'terms.accept',
          target: `terms-of-use:${doc.version}`,
          ip: request.ip,
        });
        return reply.code(204).send();
      },
    );

    app.post(
      '/admin/terms',
      {
        config: { access: access.admin },
        schema: {
          tags,
          summary: 'Publish a new version; everyone must accept it again',
          body: z.object({ kind, body: z.string().trim().min(1).max(200_000) }),
          response: { 201: document },
        },
      },
      async (request, reply) => {
        const p = requireUser(request);
        const doc = await publishTerms(db, request.body.kind, request.body.body, p.userId);
        await audit(db, {
          actor: `user:${p.userId}`,
          action: 'terms.publish',
          target: `${doc.kind}:${doc.version}`,
          ip: request.ip,
        });
        return reply.code(201).send(doc);
      },
    );

    app.get(
      '/organisations/:id/provider-rules',
      {
        config: { access: access.user },
        schema: {
          tags,
          summary: 'Whether an organisation accepted the current provider rules',
          params: idParam,
          response: {
            200: z.object({ organisationId: z.number(), version: z.number(), accepted: z.boolean() }),
          },
        },
      },
      async (request) => {
        const doc = await current('provider-rules');
        const accepted = await hasAcceptedProviderRules(db, request.params.id);
        return { organisationId: request.params.id, version: doc.version, accepted };
      },
    );

    app.post(
      '/organisations/:id/provider-rules/accept',
      {
        config: { access: access.representative },
        schema: {
          tags,
          summary: 'Accept the current provider rules for your organisation',
          params: idParam,
          body: versionBody,
        },
      },
      async (request, reply) => {
        const p = requireUser(request);
        const orgId = request.params.id;
        if (!p.representativeOf.includes(orgId)) {
          throw new CieError('FORBIDDEN', `you do not represent organisation ${orgId}`);
        }
        const doc = await current('provider-rules');
        mustBeCurrent(doc, request.body.version);
        await recordProviderRulesAcceptance(db, orgId, doc.id, p.userId);
        await audit(db, {
          actor: `user:${p.userId}`,
          action: 'provider-rules.accept',
          target: `organisation:${orgId}`,
          ip: request.ip,
          details: { version: doc.version },
        });
        return reply.code(204).send();
      },
    );
  },
};
