/**
 * The tool registry: committee members and admins register tool versions and review them; every
 * signed-in user sees the approved ones. Built-in tools are registered and approved at start-up.
 */
import type { Kysely } from 'kysely';
import { audit } from '../../audit/audit.js';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { builtinTools } from '../../model/jobs/builtin-tools.js';
import type { ToolSpec } from '../../model/jobs/jobs.js';
import { compileParameterSchema } from '../../model/jobs/parameters.js';
import type { UserPrincipal } from '../auth/access.js';
import {
  findToolVersion,
  insertToolVersion,
  listToolVersions,
  reviewToolVersion,
  upsertTool,
  type ToolVersionRecord,
} from './tool.repository.js';

export interface JobsCaller {
  user: UserPrincipal;
  ip: string | null;
}

const isReviewer = (u: UserPrincipal) => u.roles.includes('admin') || u.roles.includes('committee');

/** Approved versions for everyone; reviewers also see pending and rejected ones. */
export function listTools(db: Kysely<HubDB>, caller: JobsCaller): Promise<ToolVersionRecord[]> {
  return listToolVersions(db, { approvedOnly: !isReviewer(caller.user) });
}

const isBuiltin = (spec: ToolSpec, id: string) =>
  spec.runner.kind === 'builtin' && spec.runner.builtin === id;

function checkSpec(spec: ToolSpec): void {
  try {
    compileParameterSchema(spec.parameters);
  } catch (err) {
    throw new CieError('VALIDATION_FAILED', err instanceof Error ? err.message : String(err));
  }
  const names = spec.outputs.map((o) => o.name);
  if (new Set(names).size !== names.length)
    throw new CieError('VALIDATION_FAILED', 'two outputs have the same name');
  if (
    spec.runner.kind === 'container' &&
    spec.runner.image.includes('@') &&
    !spec.runner.image.endsWith(`@${spec.runner.digest}`)
  ) {
    throw new CieError('VALIDATION_FAILED', 'the image reference names another digest than the one given');
  }
  const runner = spec.runner;
  if (runner.kind === 'builtin' && !builtinTools.some((b) => isBuiltin(b.spec, runner.builtin))) {
    throw new CieError(
      'VALIDATION_FAILED',
      `no built-in tool "${runner.builtin}": register a container image instead`,
    );
  }
}

/** Register a new version of a tool, pending review. */
export async function registerToolVersion(
  db: Kysely<HubDB>,
  caller: JobsCaller,
  input: { name: string; description: string; spec: ToolSpec },
): Promise<ToolVersionRecord> {
  checkSpec(input.spec);
  const actor = `user:${caller.user.userId}`;
  const id = await db.transaction().execute(async (trx) => {
    const toolId = await upsertTool(trx, {
      slug: input.spec.slug,
      name: input.name,
      description: input.description,
    });
    const versionId = await insertToolVersion(trx, { toolId, spec: input.spec, submittedBy: actor });
    if (versionId === undefined) {
      throw new CieError(
        'CONFLICT',
        `${input.spec.slug} ${input.spec.version} is registered already: give the new version another number`,
      );
    }
    await audit(trx, {
      actor,
      action: 'tool.register',
      target: `tool:${input.spec.slug}@${input.spec.version}`,
      ip: caller.ip,
      details: { runner: input.spec.runner },
    });
    return versionId;
  });
  const created = await findToolVersion(db, id);
  if (!created) throw new CieError('INTERNAL', 'the tool version vanished after it was made');
  return created;
}

/** Approve or reject a pending version (admins and committee members), audited. */
export async function reviewTool(
  db: Kysely<HubDB>,
  caller: JobsCaller,
  r: { id: number; decision: 'approve' | 'reject'; note?: string | undefined },
): Promise<ToolVersionRecord> {
  const actor = `user:${caller.user.userId}`;
  const version = await findToolVersion(db, r.id);
  if (!version) throw new CieError('NOT_FOUND', `no tool version ${r.id}`);
  const state = r.decision === 'approve' ? 'approved' : 'rejected';
  const done = await db.transaction().execute(async (trx) => {
    const ok = await reviewToolVersion(trx, { id: r.id, state, by: actor, note: r.note ?? null });
    if (ok) {
      await audit(trx, {
        actor,
        action: `tool.${r.decision}`,
        target: `tool:${version.slug}@${version.version}`,
        ip: caller.ip,
        details: r.note ? { note: r.note } : {},
      });
    }
    return ok;
  });
  if (!done)
    throw new CieError(
      'ILLEGAL_TRANSITION',
      `${version.slug} ${version.version} was ${version.state} already`,
    );
  return { ...version, state, reviewedBy: actor, reviewedAt: new Date(), reviewNote: r.note ?? null };
}

/** Register and approve the built-in tools (idempotent; runs at every hub start). */
export async function seedBuiltinTools(db: Kysely<HubDB>): Promise<void> {
  for (const tool of builtinTools) {
    const toolId = await upsertTool(db, {
      slug: tool.spec.slug,
      name: tool.name,
      description: tool.description,
    });
    const id = await insertToolVersion(db, {
      toolId,
      spec: tool.spec,
      submittedBy: 'system',
      state: 'approved',
      reviewedBy: 'system',
    });
    if (id !== undefined) {
      await audit(db, {
        actor: 'system',
        action: 'tool.approve',
        target: `tool:${tool.spec.slug}@${tool.spec.version}`,
        details: { builtin: true },
      });
    }
  }
}
