/**
 * What Lens's AST means, in our query language (before validation): two encodings of the EUCAIM
 * front end that read differently from the AST's face value.
 *
 * - PI-RADS values are sent under BI-RADS's key (`IMG1005459`, the catalogue reuses it): a leaf
 *   whose codes are PI-RADS codes (`IMG1005475`–`79`) is a PI-RADS condition (our own key); a
 *   field group that holds them is re-keyed likewise, or loses its key when it mixes both scales.
 * - One-sided ranges: Lens's translator writes "≥ X" as `{min: X, max: 0}` and "≤ X" as
 *   `{min: 0, max: X}`; they become `{min: X}` and `{max: X}`.
 */
import { searchFields } from '../../model/search-fields.js';
import { piradsKey } from '../../model/search-fields.additions.js';

const biradsKey = 'EUCAIM_Hyper-Ontology_V1.0.IMG1005459';
const piradsCodes: ReadonlySet<string> = new Set(searchFields.get(piradsKey)?.codes.keys() ?? []);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPirads(value: unknown): boolean {
  const codes = Array.isArray(value) ? value : [value];
  return codes.length > 0 && codes.every((c) => typeof c === 'string' && piradsCodes.has(c));
}

function oneSided(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const { min, max } = value;
  if (typeof min !== 'number' || typeof max !== 'number') return value;
  if (max === 0 && min > 0) return { min };
  if (min === 0 && max > 0) return { max };
  return value;
}

function readLeaf(leaf: Record<string, unknown>): Record<string, unknown> {
  const key = leaf.key === biradsKey && isPirads(leaf.value) ? piradsKey : leaf.key;
  return { ...leaf, key, value: oneSided(leaf.value) };
}

function readBranch(branch: Record<string, unknown>): Record<string, unknown> {
  const children = Array.isArray(branch.children) ? branch.children.map(readLensAst) : branch.children;
  if (branch.key !== biradsKey || !Array.isArray(children)) return { ...branch, children };
  const keys = new Set(children.map((c) => (isRecord(c) ? c.key : undefined)));
  if (keys.size === 1 && keys.has(piradsKey)) return { ...branch, key: piradsKey, children };
  if (keys.has(piradsKey)) {
    const { key: _mixed, ...rest } = branch;
    return { ...rest, children };
  }
  return { ...branch, children };
}

/** The AST as Lens means it; anything else is left for validation to judge. */
export function readLensAst(node: unknown): unknown {
  if (!isRecord(node)) return node;
  const isBranch = node.nodeType === 'branch' || (node.nodeType === undefined && 'children' in node);
  return isBranch ? readBranch(node) : readLeaf(node);
}
