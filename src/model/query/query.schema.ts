/**
 * The federated-search query: the AST that EUCAIM's Lens front end builds (`@samply/lens`
 * `AstTopLayer` / `AstBottomLayerValue`, with `nodeType` as the real front end sends it). The top
 * level is an OR of query rows, each row an AND of per-field groups (a branch with the field's
 * `key`), each group an OR of leaves; deeper nesting is accepted too. An empty top-level branch
 * means "everything".
 */
import { z } from 'zod';
import { noNulByte } from '../text.js';

export const leafTypes = [
  'EQUALS',
  'NOT_EQUALS',
  'IN',
  'BETWEEN',
  'LOWER_THAN',
  'GREATER_THAN',
  'CONTAINS',
] as const;
export type LeafType = (typeof leafTypes)[number];
export type Operand = 'AND' | 'OR';

/** `{min, max}`: numbers, or ISO date strings for date fields; either bound may be absent. */
export interface RangeValue {
  min?: number | string | undefined;
  max?: number | string | undefined;
}

export type LeafValue = string | string[] | boolean | number | RangeValue;

export interface QueryLeaf {
  nodeType: 'leaf';
  key: string;
  system?: string | undefined;
  type: LeafType;
  value: LeafValue;
}

export interface QueryBranch {
  nodeType: 'branch';
  key?: string | undefined;
  operand: Operand;
  children: QueryNode[];
}

export type QueryNode = QueryBranch | QueryLeaf;

/** Limits on what a node accepts, so a query can never cost more than a bounded effort. */
export const queryLimits = {
  /** Branch nesting; Lens sends 3 (rows, groups, leaves' parents). */
  maxDepth: 8,
  /** Branches + leaves + array elements of values. */
  maxNodes: 500,
  /** Characters in any one string (keys, codes, text). */
  maxStringLength: 10_000,
} as const;

const text = z
  .string()
  .max(queryLimits.maxStringLength, `is longer than ${queryLimits.maxStringLength} characters`)
  .check(noNulByte);
const bound = z.union([z.number().finite(), text]);

export const leafValueSchema = z.union([
  text,
  z.array(text),
  z.boolean(),
  z.number().finite(),
  z.object({ min: bound.optional(), max: bound.optional() }).strict(),
]);

/** One branch, children unparsed (they are parsed one by one so errors carry a precise path). */
export const branchShape = z.object({
  nodeType: z.literal('branch').optional(),
  key: text.optional(),
  operand: z.enum(['AND', 'OR']),
  children: z.array(z.unknown()),
});

export const leafShape = z.object({
  nodeType: z.literal('leaf').optional(),
  key: text.min(1),
  system: text.optional(),
  type: z.enum(leafTypes),
  value: leafValueSchema,
});
