/** Personal API tokens: /me/tokens (list, create — shown once — and revoke). */
import { z } from 'zod';
import { audit } from '../../audit/audit.js';
import { CieError } from '../../errors.js';
import type { HubApp, HubContext, HubPlugin } from '../app.js';
import { access, requireUser } from '../auth/access.js';
import { idParam } from '../http/schemas.js';
import { createToken, listTokens, revokeToken } from './token.repository.js';

const tags = ['tokens'];
const tokenInfo = z.object({
  id: z.number(),
  name: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const tokenPlugin: HubPlugin = {
  name: 'tokens',
  register(app: HubApp, { db }: HubContext) {
    app.get(
      '/me/tokens',
      {
        config: { access: access.user },
        schema: { tags, summary: 'Your API tokens', response: { 200: z.array(tokenInfo) } },
      },
      async (request) => listTokens(db, requireUser(request).userId),
    );

    app.post(
      '/me/tokens',
      {
        config: { access: access.user },
        schema: {
          tags,
          summary: 'Create an API token (the token is in this answer only)',
          body: z.object({
            name: z.string().trim().min(1).max(100),
            expiresInDays: z.number().int().min(1).max(3650).optional().describe('default: never'),
          }),
          response: { 201: tokenInfo.extend({ token: z.string() }) },
        },
      },
      async (request, reply) => {
        const p = requireUser(request);
        const { name, expiresInDays } = request.body;
        const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
        const { token, info } = await createToken(db, p.userId, name, expiresAt);
        await audit(db, {
          actor: `user:${p.userId}`,
          action: 'token.create',
          target: `token:${info.id}`,
          ip: request.ip,
          details: { name },
        });
        return reply.code(201).send({ ...info, token });
      },
    );

    app.delete(
      '/me/tokens/:id',
      {
        config: { access: access.user },
        schema: { tags, summary: 'Revoke one of your API tokens', params: idParam },
      },
      async (request, reply) => {
        const p = requireUser(request);
        if (!(await revokeToken(db, p.userId, request.params.id))) {
          throw new CieError('NOT_FOUND', `you have no live API token ${request.params.id}`);
        }
        await audit(db, {
          actor: `user:${p.userId}`,
          action: 'token.revoke',
          target: `token:${request.params.id}`,
          ip: request.ip,
        });
        return reply.code(204).send();
      },
    );
  },
};
