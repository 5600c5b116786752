/**
 * The normal form of a valid query, so equal queries compare equal: group keys and code systems
 * dropped (the leaf key says the field), list values sorted and deduplicated, a one-value IN
 * written as EQUALS, CONTAINS text lower-cased and trimmed, same-operand nesting flattened,
 * children deduplicated and sorted by their canonical JSON, one-child branches replaced by their
 * child, and "everything" (an empty top level, AND or OR) as one constant. Its canonical JSON
 * (keys sorted) and SHA-256 hash identify the query, e.g. for cached privacy noise.
 */
import { createHash } from 'node:crypto';
import type { LeafValue, QueryBranch, QueryLeaf, QueryNode } from './query.schema.js';

/** The normal form of "no condition": every subject. */
export const everything: QueryBranch = { nodeType: 'branch', operand: 'AND', children: [] };

export function normaliseQuery(query: QueryNode): QueryNode {
  const n = normaliseNode(query);
  return n.nodeType === 'branch' && n.children.length === 0 ? everything : n;
}

function normaliseValue(leaf: QueryLeaf): Pick<QueryLeaf, 'type' | 'value'> {
  const v: LeafValue = leaf.value;
  if (Array.isArray(v)) {
    const sorted = [...new Set(v)].sort();
    if (leaf.type === 'IN' && sorted.length === 1 && sorted[0] !== undefined)
      return { type: 'EQUALS', value: sorted[0] };
    return { type: leaf.type, value: sorted };
  }
  if (leaf.type === 'CONTAINS' && typeof v === 'string')
    return { type: leaf.type, value: v.trim().toLowerCase() };
  if (typeof v === 'object') {
    return {
      type: leaf.type,
      value: {
        ...(v.min !== undefined ? { min: v.min } : {}),
        ...(v.max !== undefined ? { max: v.max } : {}),
      },
    };
  }
  return { type: leaf.type, value: v };
}

function normaliseNode(node: QueryNode): QueryNode {
  if (node.nodeType === 'leaf') return { nodeType: 'leaf', key: node.key, ...normaliseValue(node) };
  const flat: QueryNode[] = [];
  for (const child of node.children.map(normaliseNode)) {
    if (child.nodeType === 'branch' && child.operand === node.operand) flat.push(...child.children);
    else flat.push(child);
  }
  const byJson = new Map<string, QueryNode>();
  for (const c of flat) byJson.set(canonicalJson(c), c);
  const children = [...byJson.keys()].sort().map((k) => byJson.get(k) as QueryNode);
  if (children.length === 1 && children[0]) return children[0];
  return { nodeType: 'branch', operand: node.operand, children };
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the canonical JSON of the normal form. */
export function queryHash(query: QueryNode): string {
  return createHash('sha256')
    .update(canonicalJson(normaliseQuery(query)))
    .digest('hex');
}
