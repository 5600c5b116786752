/** Admin API: accounts, roles, organisations and their representatives. */
import { z } from 'zod';
import { audit } from '../../audit/audit.js';
import { CieError } from '../../errors.js';
import type { HubApp, HubContext, HubPlugin } from '../app.js';
import { access, requireUser } from '../auth/access.js';
import { email, idParam, newPassword } from '../http/schemas.js';
import { createLocalUser } from '../identity/identity.service.js';
import { inviteUser } from '../identity/invitation.service.js';
import { findUserById } from '../identity/user.repository.js';
import {
  addRepresentative,
  findOrganisation,
  insertOrganisation,
  listOrganisations,
  listRepresentatives,
  removeRepresentative,
} from '../organisation/organisation.repository.js';
import { listUsers, setLocalRoles, setUserDisabled, userSummary } from './admin.service.js';

const tags = ['admin'];
const grantedRole = z.enum(['admin', 'committee']);
const user = z.object({
  id: z.number(),
  email: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  roles: z.array(z.string()),
  representativeOf: z.array(z.number()),
  createdAt: z.date(),
});
const organisation = z.object({
  id: z.number(),
  slug: z.string(),
  name: z.string(),
  country: z.string(),
  kind: z.enum(['provider', 'platform']),
  createdAt: z.date(),
});

export const adminPlugin: HubPlugin = {
  name: 'admin',
  register(app: HubApp, ctx: HubContext) {
    const { db } = ctx;
    app.get(
      '/admin/users',
      {
        config: { access: access.admin },
        schema: {
          tags,
          summary: 'List accounts',
          querystring: z.object({
            q: z.string().max(200).optional().describe('part of an e-mail or name'),
            limit: z.coerce.number().int().min(1).max(500).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.array(user) },
        },
      },
      async (request) => listUsers(db, request.query),
    );

    app.post(
      '/admin/users',
      {
        config: { access: access.admin },
        schema: {
          tags,
          summary: 'Create a local account (it accepts the terms at its first sign-in)',
          body: z.object({
            email,
            displayName: z.string().trim().min(1).max(200),
            password: newPassword,
            roles: z.array(grantedRole).default([]),
          }),
          response: { 201: user },
        },
      },
      async (request, reply) => {
        const admin = requireUser(request);
        const { email: mail, displayName, password, roles } = request.body;
        const id = await createLocalUser(
          db,
          { email: mail, displayName, password },
          request.ip,
          `user:${admin.userId}`,
        );
        if (roles.length > 0) await setLocalRoles(db, admin.userId, id, roles, request.ip);
        return reply.code(201).send(await userSummary(db, id));
      },
    );

    app.post(
      '/admin/invitations',
      {
        config: { access: access.admin },
        schema: {
          tags,
          summary: 'Invite someone by e-mail: the link lets them choose a name and password',
          body: z.object({ email, roles: z.array(grantedRole).default([]) }),
          response: { 201: z.object({ email: z.string(), link: z.string(), expiresAt: z.date() }) },
        },
      },
      async (request, reply) => {
        const admin = requireUser(request);
        const { email: mail, roles } = request.body;
        return reply.code(201).send(await inviteUser(ctx, admin.userId, mail, roles, request.ip));
      },
    );

    app.patch(
      '/admin/users/:id',
      {
        config: { access: access.admin },
        schema: {
          tags,
          summary: 'Disable or re-enable an account (disabling ends its sessions)',
          params: idParam,
          body: z.object({ disabled: z.boolean() }),
          response: { 200: user },
        },
      },
      async (request) => {
        const admin = requireUser(request);
        await setUserDisabled(db, admin.userId, request.params.id, request.body.disabled, request.ip);
        return userSummary(db, request.params.id);
      },
    );

    app.put(
      '/admin/users/:id/roles',
      {
        config: { access: access.admin },
        schema: {
          tags,
          summary: 'Set the roles granted on this hub (researcher is implicit)',
          params: idParam,
          body: z.object({ roles: z.array(grantedRole) }),
          response: { 200: user },
        },
      },
      async (request) => {
        const admin = requireUser(request);
        await setLocalRoles(db, admin.userId, request.params.id, request.body.roles, request.ip);
        return userSummary(db, request.params.id);
      },
    );

    app.get(
      '/organisations',
      {
        config: { access: access.public },
        schema: {
          tags: ['organisations'],
          summary: 'Provider organisations',
          response: { 200: z.array(organisation) },
        },
      },
      async () => listOrganisations(db),
    );

    app.post(
      '/admin/organisations',
      {
        config: { access: access.admin },
        schema: {
          tags,
          summary: 'Register a provider organisation',
          body: z.object({
            slug: z
              .string()
              .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2-63'),
            name: z.string().trim().min(1).max(300),
            country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, e.g. NO'),
            kind: z.enum(['provider', 'platform']).default('provider'),
          }),
          response: { 201: organisation },
        },
      },
      async (request, reply) => {
        const admin = requireUser(request);
        const existing = (await listOrganisations(db)).find((o) => o.slug === request.body.slug);
        if (existing)
          throw new CieError('CONFLICT', `an organisation with the slug ${request.body.slug} exists already`);
        const org = await insertOrganisation(db, request.body);
        await audit(db, {
          actor: `user:${admin.userId}`,
          action: 'organisation.create',
          target: `organisation:${org.id}`,
          ip: request.ip,
          details: { slug: org.slug },
        });
        return reply.code(201).send(org);
      },
    );

    app.get(
      '/admin/organisations/:id/representatives',
      {
        config: { access: access.admin },
        schema: {
          tags,
          summary: "An organisation's data-holder representatives",
          params: idParam,
          response: {
            200: z.array(z.object({ userId: z.number(), email: z.string(), displayName: z.string() })),
          },
        },
      },
      async (request) => {
        if (!(await findOrganisation(db, request.params.id)))
          throw new CieError('NOT_FOUND', `no organisation ${request.params.id}`);
        return listRepresentatives(db, request.params.id);
      },
    );

    app.post(
      '/admin/organisations/:id/representatives',
      {
        config: { access: access.admin },
        schema: {
          tags,
          summary: 'Make a user a representative of the organisation',
          params: idParam,
          body: z.object({ userId: z.number().int().positive() }),
        },
      },
      async (request, reply) => {
        const admin = requireUser(request);
        const orgId = request.params.id;
        const { userId } = request.body;
        if (!(await findOrganisation(db, orgId))) throw new CieError('NOT_FOUND', `no organisation ${orgId}`);
        if (!(await findUserById(db, userId))) throw new CieError('NOT_FOUND', `no user ${userId}`);
        await addRepresentative(db, orgId, userId);
        await audit(db, {
          actor: `user:${admin.userId}`,
          action: 'organisation.representative.add',
          target: `organisation:${orgId}`,
          ip: request.ip,
          details: { userId },
        });
        return reply.code(204).send();
      },
    );

    app.delete(
      '/admin/organisations/:id/representatives/:userId',
      {
        config: { access: access.admin },
        schema: {
          tags,
          summary: 'Remove a representative',
          params: z.object({
            id: z.coerce.number().int().positive(),
            userId: z.coerce.number().int().positive(),
          }),
        },
      },
      async (request, reply) => {
        const admin = requireUser(request);
        const { id, userId } = request.params;
        if (!(await removeRepresentative(db, id, userId))) {
          throw new CieError('NOT_FOUND', `user ${userId} does not represent organisation ${id}`);
        }
        await audit(db, {
          actor: `user:${admin.userId}`,
          action: 'organisation.representative.remove',
          target: `organisation:${id}`,
          ip: request.ip,
          details: { userId },
        });
        return reply.code(204).send();
      },
    );
  },
};
