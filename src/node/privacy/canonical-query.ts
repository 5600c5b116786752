/**
 * The meaning of a query over this node's data, as one canonical query, so that every spelling of
 * the same question draws the same cached noise (docs/privacy.md, "noise per meaning"). Each
 * condition becomes the set of values it admits among the values the data holds for its field
 * (the data profile): a number range is clipped to the field's domain and snapped to the smallest
 * and largest data value it contains (`age BETWEEN 0 AND 200+k` ≡ `BETWEEN 0 AND <oldest>`,
 * `GREATER_THAN -1` ≡ "age known"), a code list keeps the codes present in the data, `NOT_EQUALS`
 * becomes the other present codes and `CONTAINS` the present codes whose label matches. A
 * condition that admits nothing is impossible (dropped from an OR, an AND with it matches
 * nothing); one that admits every value of a field that every search row has is always true
 * (dropped from an AND, an OR with it matches everything). Conditions on one field are united
 * under OR, and intersected under AND when the field holds one value per row (not for clinical
 * observations, of which a patient may have several). Branches are flattened, deduplicated and
 * sorted. The result runs as an ordinary query and matches exactly the rows the original does.
 *
 * The canonical form depends on the data, so it stays inside the node: the hash a node reports
 * is the spelling-level one (src/model/query/normalise.ts).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../model/query/normalise.js';
import type { QueryLeaf, QueryNode } from '../../model/query/query.schema.js';
import { codesContaining, numericBound } from '../../model/query/validate.js';
import { searchFields, type SearchField } from '../../model/search-fields.js';

/** What the data holds for one field. */
export interface FieldProfile {
  /** Codes present (coded fields), sorted. */
  codes: readonly string[];
  /** Distinct numbers present (number fields), ascending. */
  values: readonly number[];
  /** Every search row has a value (so a condition admitting all values holds for every row). */
  complete: boolean;
}
export type DataProfile = ReadonlyMap<string, FieldProfile>;

/** A condition's admitted values: codes, or index intervals [from, to] into the profile's values. */
type Atom =
  | { key: string; kind: 'coded'; codes: string[] }
  | { key: string; kind: 'number'; spans: Array<[number, number]> };
type Canon = { c: 'true' } | { c: 'false' } | { c: 'atom'; atom: Atom } | { c: 'and' | 'or'; parts: Canon[] };

const TRUE: Canon = { c: 'true' };
const FALSE: Canon = { c: 'false' };
const noProfile: FieldProfile = { codes: [], values: [], complete: false };

/** The canonical query; `null` when it matches nothing (then nothing need be counted). */
export function canonicalQuery(
  query: QueryNode,
  profile: DataProfile,
  fields: ReadonlyMap<string, SearchField> = searchFields,
): QueryNode | null {
  const canon = simplify(toCanon(query, profile, fields), profile, fields);
  return canon.c === 'false' ? null : toQuery(canon, profile);
}

/** SHA-256 of the canonical query: the key of its cached noise ('false' for an impossible one). */
export function meaningHash(canonical: QueryNode | null): string {
  return createHash('sha256')
    .update(canonical === null ? 'false' : canonicalJson(canonical))
    .digest('hex');
}

function toCanon(node: QueryNode, profile: DataProfile, fields: ReadonlyMap<string, SearchField>): Canon {
  if (node.nodeType === 'branch') {
    const parts = node.children.map((c) => toCanon(c, profile, fields));
    if (parts.length === 0) return TRUE; // the empty top level: everything
    return { c: node.operand === 'AND' ? 'and' : 'or', parts };
  }
  const field = fields.get(node.key);
  if (!field) throw new Error(`unvalidated field ${node.key}`);
  const p = profile.get(node.key) ?? noProfile;
  const atom: Atom =
    field.kind === 'coded'
      ? { key: node.key, kind: 'coded', codes: codedValues(node, field, p) }
      : { key: node.key, kind: 'number', spans: numberSpans(node, field, p.values) };
  return { c: 'atom', atom };
}

function codedValues(leaf: QueryLeaf, field: SearchField, p: FieldProfile): string[] {
  const v = leaf.value;
  switch (leaf.type) {
    case 'EQUALS':
      return p.codes.filter((c) => c === v);
    case 'IN':
      return p.codes.filter((c) => (v as string[]).includes(c));
    case 'CONTAINS': {
      const matching = new Set(codesContaining(field, typeof v === 'string' ? v : ''));
      return p.codes.filter((c) => matching.has(c));
    }
    case 'NOT_EQUALS':
      return p.codes.filter((c) => c !== v);
    case 'BETWEEN':
    case 'LOWER_THAN':
    case 'GREATER_THAN':
      throw new Error(`unvalidated ${leaf.type} on ${leaf.key}`);
  }
}

/** Real intervals admitted by a number condition: [lo, hi] with open or closed ends. */
type Interval = { lo: number; loIn: boolean; hi: number; hiIn: boolean };

function intervalsOf(leaf: QueryLeaf, field: SearchField): Interval[] {
  const all: Interval = { lo: -Infinity, loIn: false, hi: Infinity, hiIn: false };
  const v = leaf.value;
  let out: Interval[];
  switch (leaf.type) {
    case 'EQUALS':
      out = [{ lo: v as number, loIn: true, hi: v as number, hiIn: true }];
      break;
    case 'NOT_EQUALS':
      out = [
        { ...all, hi: v as number },
        { ...all, lo: v as number },
      ];
      break;
    case 'BETWEEN': {
      const r = v as { min?: number; max?: number };
      out = [
        {
          lo: r.min ?? -Infinity,
          loIn: r.min !== undefined,
          hi: r.max ?? Infinity,
          hiIn: r.max !== undefined,
        },
      ];
      break;
    }
    case 'LOWER_THAN':
    case 'GREATER_THAN': {
      const b = numericBound(leaf.type, v);
      if (b === undefined) throw new Error(`unvalidated ${leaf.type} on ${leaf.key}`);
      out = [leaf.type === 'LOWER_THAN' ? { ...all, hi: b } : { ...all, lo: b }];
      break;
    }
    case 'IN':
    case 'CONTAINS':
      throw new Error(`unvalidated ${leaf.type} on ${leaf.key}`);
  }
  // the field's domain: nothing below its declared minimum exists
  const min = field.min;
  return min === undefined ? out : out.map((i) => (i.lo < min ? { ...i, lo: min, loIn: true } : i));
}

/** The index spans of the data values inside the condition's intervals (merged, ascending). */
function numberSpans(
  leaf: QueryLeaf,
  field: SearchField,
  values: readonly number[],
): Array<[number, number]> {
  const inside = (x: number, i: Interval): boolean =>
    (i.loIn ? x >= i.lo : x > i.lo) && (i.hiIn ? x <= i.hi : x < i.hi);
  const intervals = intervalsOf(leaf, field);
  const hit = values.map((x) => intervals.some((i) => inside(x, i)));
  return spansOf(hit);
}

function spansOf(hit: boolean[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  hit.forEach((h, i) => {
    if (!h) return;
    const last = spans.at(-1);
    if (last && last[1] === i - 1) last[1] = i;
    else spans.push([i, i]);
  });
  return spans;
}

function atomSize(a: Atom): number {
  return a.kind === 'coded' ? a.codes.length : a.spans.length;
}

function atomCoversAll(a: Atom, p: FieldProfile): boolean {
  if (!p.complete) return false;
  if (a.kind === 'coded') return a.codes.length === p.codes.length;
  const [only] = a.spans;
  return a.spans.length === 1 && only !== undefined && only[0] === 0 && only[1] === p.values.length - 1;
}

/** Several conditions on one field, united (OR) or intersected (AND). */
function combine(atoms: Atom[], op: 'and' | 'or', size: number): Atom {
  const [first] = atoms;
  if (!first) throw new Error('combine needs an atom');
  if (first.kind === 'coded') {
    const sets = atoms.map((a) => new Set(a.kind === 'coded' ? a.codes : []));
    const codes = [...new Set(sets.flatMap((s) => [...s]))].filter((c) =>
      op === 'or' ? sets.some((s) => s.has(c)) : sets.every((s) => s.has(c)),
    );
    return { key: first.key, kind: 'coded', codes: codes.sort() };
  }
  const member = atoms.map((a) => {
    const m = new Array<boolean>(size).fill(false);
    if (a.kind === 'number') for (const [f, t] of a.spans) for (let i = f; i <= t; i++) m[i] = true;
    return m;
  });
  const hit = Array.from({ length: size }, (_, i) =>
    op === 'or' ? member.some((m) => m[i]) : member.every((m) => m[i]),
  );
  return { key: first.key, kind: 'number', spans: spansOf(hit) };
}

function keyOf(c: Canon): string {
  return JSON.stringify(c);
}

function simplify(c: Canon, profile: DataProfile, fields: ReadonlyMap<string, SearchField>): Canon {
  if (c.c === 'true' || c.c === 'false') return c;
  if (c.c === 'atom') {
    const p = profile.get(c.atom.key) ?? noProfile;
    if (atomSize(c.atom) === 0) return FALSE;
    return atomCoversAll(c.atom, p) ? TRUE : c;
  }
  const op = c.c;
  const absorbing = op === 'and' ? FALSE : TRUE;
  const parts: Canon[] = [];
  for (const part of c.parts.map((x) => simplify(x, profile, fields))) {
    if (part.c === absorbing.c) return absorbing;
    if (part.c === 'true' || part.c === 'false') continue; // the neutral element
    if (part.c === op) parts.push(...part.parts);
    else parts.push(part);
  }
  // conditions on one field merge (under AND only when the field holds one value per row)
  const byField = new Map<string, Atom[]>();
  const rest: Canon[] = [];
  for (const part of parts) {
    const mergeable =
      part.c === 'atom' &&
      (op === 'or' || fields.get(part.atom.key)?.column.table !== 'clinical_observation');
    if (part.c === 'atom' && mergeable)
      byField.set(part.atom.key, [...(byField.get(part.atom.key) ?? []), part.atom]);
    else rest.push(part);
  }
  for (const [key, atoms] of byField) {
    const size = (profile.get(key) ?? noProfile).values.length;
    const merged = atoms.length === 1 && atoms[0] ? atoms[0] : combine(atoms, op, size);
    const s = simplify({ c: 'atom', atom: merged }, profile, fields);
    if (s.c === absorbing.c) return absorbing;
    if (s.c === 'atom') rest.push(s);
  }
  const unique = new Map(rest.map((p) => [keyOf(p), p]));
  const sorted = [...unique.keys()].sort().map((k) => unique.get(k) as Canon);
  if (sorted.length === 0) return op === 'and' ? TRUE : FALSE;
  if (sorted.length === 1 && sorted[0]) return sorted[0];
  return { c: op, parts: sorted };
}

function toQuery(c: Canon, profile: DataProfile): QueryNode {
  switch (c.c) {
    case 'true':
      return { nodeType: 'branch', operand: 'AND', children: [] };
    case 'false':
      throw new Error('an impossible query has no canonical query');
    case 'and':
    case 'or':
      return {
        nodeType: 'branch',
        operand: c.c === 'and' ? 'AND' : 'OR',
        children: c.parts.map((p) => toQuery(p, profile)),
      };
    case 'atom':
      return atomQuery(c.atom, profile);
  }
}

function atomQuery(a: Atom, profile: DataProfile): QueryNode {
  if (a.kind === 'coded') {
    const [only] = a.codes;
    return a.codes.length === 1 && only !== undefined
      ? { nodeType: 'leaf', key: a.key, type: 'EQUALS', value: only }
      : { nodeType: 'leaf', key: a.key, type: 'IN', value: a.codes };
  }
  const values = (profile.get(a.key) ?? noProfile).values;
  const leaves: QueryNode[] = a.spans.map(([f, t]) => ({
    nodeType: 'leaf',
    key: a.key,
    type: 'BETWEEN',
    value: { min: values[f], max: values[t] },
  }));
  const [only] = leaves;
  return leaves.length === 1 && only ? only : { nodeType: 'branch', operand: 'OR', children: leaves };
}
