/** Shapes of the tool and job routes (the OpenAPI document and the web app's types come from these). */
import { z } from 'zod';
import { releasedOutput, siteStatuses, toolSpec, withheldOutput } from '../../model/jobs/jobs.js';

export const toolVersionView = z
  .object({
    id: z.number(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    version: z.string(),
    spec: toolSpec,
    state: z.enum(['pending', 'approved', 'rejected']),
    submittedBy: z.string(),
    reviewedBy: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    reviewNote: z.string().nullable(),
  })
  .meta({ id: 'ToolVersion' });

export const toolList = z.object({ tools: z.array(toolVersionView) });

export const registerToolBody = z.object({
  name: z.string().min(1).max(200),
  description: z.string().min(1).max(4000),
  spec: toolSpec,
});

export const reviewToolBody = z.object({
  decision: z.enum(['approve', 'reject']),
  note: z.string().max(2000).optional(),
});

export const createJobBody = z.object({
  tool: z.string().min(1).max(64),
  version: z.string().max(64).optional(),
  datasets: z.array(z.string().min(1).max(256)).min(1).max(64),
  params: z.record(z.string(), z.unknown()).default({}),
});

const pooled = z.object({ output: z.string(), sites: z.number(), metrics: z.record(z.string(), z.number()) });

export const jobView = z
  .object({
    id: z.number(),
    tool: z.object({ slug: z.string(), version: z.string(), name: z.string() }),
    params: z.record(z.string(), z.unknown()),
    status: z.enum(['running', 'done']),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    sites: z.array(
      z.object({
        site: z.string(),
        name: z.string(),
        status: z.enum(siteStatuses),
        reason: z.string().nullable(),
        datasets: z.array(z.string()),
        outputs: z.array(releasedOutput),
        withheld: z.array(withheldOutput),
        policy: z.string().nullable(),
        log: z.array(z.string()),
        updatedAt: z.string(),
      }),
    ),
    pooled: pooled.nullable(),
  })
  .meta({ id: 'Job' });

export const jobList = z.object({ jobs: z.array(jobView) });

export const airlockQueueView = z.object({
  held: z.array(
    z.object({
      job: z.number(),
      site: z.string(),
      siteName: z.string(),
      output: z.string(),
      reasons: z.array(z.string()),
      datasets: z.array(z.string()),
      updatedAt: z.string(),
    }),
  ),
});

export const airlockParams = z.object({
  id: z.coerce.number().int().positive(),
  site: z.string().min(1).max(128),
  output: z.string().min(1).max(100),
});

export const airlockDecisionBody = z.object({ decision: z.enum(['release', 'reject']) });

export const airlockAnswerView = z
  .object({
    state: z.enum(['held', 'released', 'rejected']),
    approvals: z.array(z.string()),
    needed: z.number(),
    reasons: z.array(z.string()),
    output: releasedOutput.optional(),
  })
  .meta({ id: 'AirlockAnswer' });
