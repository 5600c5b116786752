/**
 * A tool's parameters: its JSON Schema, compiled by zod, checked at the hub when the job is made
 * and again at the node before the run (a node trusts no check it did not make).
 */
import { z } from 'zod';

export type ParamsCheck = { ok: true; params: Record<string, unknown> } | { ok: false; reason: string };

/** Compile a tool's parameter schema; throws with the reason when it is not a usable object schema. */
export function compileParameterSchema(schema: Record<string, unknown>): z.ZodType {
  if (schema.type !== 'object')
    throw new Error('the parameter schema must be a JSON Schema with "type": "object"');
  return z.fromJSONSchema(schema);
}

/** The parameters with their defaults, or the first problem in words. */
export function checkParameters(schema: Record<string, unknown>, params: unknown): ParamsCheck {
  let compiled: z.ZodType;
  try {
    compiled = compileParameterSchema(schema);
  } catch (err) {
    return {
      ok: false,
      reason: `the tool's parameter schema is unusable: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const parsed = compiled.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(parameters)';
    return { ok: false, reason: `parameter ${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, params: parsed.data as Record<string, unknown> };
}
