/**
 * Validating a Lens AST against the field catalogue. Anything a node should not run — unknown
 * keys or codes, a value of the wrong type for its field, empty groups, over-deep or over-large
 * queries — is rejected with CieError INVALID_QUERY naming the offending part by its JSON path
 * (`children[0].children[1].value`).
 */
import type { z } from 'zod';
import { CieError } from '../../errors.js';
import { searchFields, type SearchField } from '../search-fields.js';
import {
  branchShape,
  leafShape,
  queryLimits,
  type LeafType,
  type LeafValue,
  type QueryBranch,
  type QueryLeaf,
  type QueryNode,
} from './query.schema.js';

class Walk {
  nodes = 0;
  constructor(readonly fields: ReadonlyMap<string, SearchField>) {}
  count(n: number, path: string): void {
    this.nodes += n;
    if (this.nodes > queryLimits.maxNodes) {
      fail(path, `the query has more than ${queryLimits.maxNodes} conditions and values; split it`);
    }
  }
}

function fail(path: string, message: string): never {
  throw new CieError('INVALID_QUERY', `${path || '(root)'}: ${message}`, { path: path || '(root)' });
}

function join(path: string, part: string | number): string {
  if (typeof part === 'number') return `${path}[${part}]`;
  return path ? `${path}.${part}` : part;
}

function shapeError(path: string, error: z.ZodError): never {
  const issue = error.issues[0];
  const where = (issue?.path ?? []).reduce<string>(
    (p, k) => join(p, typeof k === 'number' ? k : String(k)),
    path,
  );
  fail(where, issue?.message ?? 'malformed');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parse and validate a query. Returns the typed AST (with `nodeType` filled in); throws
 * INVALID_QUERY otherwise. `fields` defaults to the platform's catalogue.
 */
export function parseQuery(
  input: unknown,
  fields: ReadonlyMap<string, SearchField> = searchFields,
): QueryNode {
  const walk = new Walk(fields);
  if (!isRecord(input)) fail('', 'a query must be a JSON object (a branch with operand and children)');
  const node = parseNode(input, '', 1, undefined, walk);
  return node;
}

function parseNode(
  input: unknown,
  path: string,
  depth: number,
  groupKey: string | undefined,
  walk: Walk,
): QueryNode {
  if (!isRecord(input)) fail(path, 'must be an object (a branch or a leaf)');
  walk.count(1, path);
  const isBranch = input.nodeType === 'branch' || (input.nodeType === undefined && 'children' in input);
  return isBranch ? parseBranch(input, path, depth, groupKey, walk) : parseLeaf(input, path, groupKey, walk);
}

function parseBranch(
  input: Record<string, unknown>,
  path: string,
  depth: number,
  groupKey: string | undefined,
  walk: Walk,
): QueryBranch {
  if (depth > queryLimits.maxDepth) fail(path, `the query nests deeper than ${queryLimits.maxDepth} levels`);
  if (Array.isArray(input.children)) walk.count(input.children.length, join(path, 'children'));
  const parsed = branchShape.safeParse(input);
  if (!parsed.success) shapeError(path, parsed.error);
  const b = parsed.data;
  if (b.key !== undefined) {
    if (!walk.fields.has(b.key)) fail(join(path, 'key'), `unknown search field '${b.key}'`);
    if (groupKey !== undefined && groupKey !== b.key) {
      fail(join(path, 'key'), `group for field '${b.key}' inside the group of field '${groupKey}'`);
    }
  }
  if (b.children.length === 0 && path !== '') {
    fail(join(path, 'children'), 'an empty group matches nothing; remove it or add a condition');
  }
  walk.nodes -= b.children.length; // counted above as a cap; each child counts itself below
  const key = b.key ?? groupKey;
  const children = b.children.map((c, i) =>
    parseNode(c, join(join(path, 'children'), i), depth + 1, key, walk),
  );
  return { nodeType: 'branch', ...(b.key !== undefined ? { key: b.key } : {}), operand: b.operand, children };
}

function parseLeaf(
  input: Record<string, unknown>,
  path: string,
  groupKey: string | undefined,
  walk: Walk,
): QueryLeaf {
  if (Array.isArray(input.value)) walk.count(input.value.length, join(path, 'value'));
  const parsed = leafShape.safeParse(input);
  if (!parsed.success) shapeError(path, parsed.error);
  const l = parsed.data;
  const field = walk.fields.get(l.key);
  if (!field) fail(join(path, 'key'), `unknown search field '${l.key}'`);
  if (groupKey !== undefined && groupKey !== l.key) {
    fail(join(path, 'key'), `condition on '${l.key}' inside the group of field '${groupKey}'`);
  }
  if (l.system && field.system && l.system !== field.system) {
    fail(join(path, 'system'), `field ${field.name} uses code system '${field.system}', not '${l.system}'`);
  }
  checkValue(field, l.type, l.value, join(path, 'value'));
  return {
    nodeType: 'leaf',
    key: l.key,
    ...(l.system ? { system: l.system } : {}),
    type: l.type,
    value: l.value,
  };
}

function describe(v: LeafValue): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a range';
  return `a ${typeof v}`;
}

function checkValue(field: SearchField, type: LeafType, value: LeafValue, path: string): void {
  const what = `field ${field.name} (${field.key})`;
  function wrong(expected: string): never {
    fail(path, `${type} on ${what} takes ${expected}, not ${describe(value)}`);
  }
  const checkCode = (code: string, p: string): void => {
    if (!field.codes.has(code)) fail(p, `unknown code '${code.slice(0, 80)}' for ${what}`);
  };
  if (field.kind === 'coded') {
    switch (type) {
      case 'EQUALS':
      case 'NOT_EQUALS':
        if (typeof value !== 'string') wrong('one code (a string)');
        checkCode(value, path);
        return;
      case 'IN':
        if (!Array.isArray(value) || value.length === 0) wrong('a non-empty list of codes');
        value.forEach((c: string, i: number) => checkCode(c, `${path}[${i}]`));
        return;
      case 'CONTAINS':
        if (typeof value !== 'string' || value.trim() === '') wrong('a non-empty text');
        return;
      case 'BETWEEN':
      case 'LOWER_THAN':
      case 'GREATER_THAN':
        return fail(
          path,
          `${type} does not apply to the coded ${what}; use EQUALS, NOT_EQUALS, IN or CONTAINS`,
        );
    }
  }
  switch (type) {
    case 'EQUALS':
    case 'NOT_EQUALS':
      if (typeof value !== 'number') wrong('a number');
      return;
    case 'BETWEEN': {
      if (typeof value !== 'object' || Array.isArray(value)) wrong('a range {min, max}');
      const { min, max } = value;
      if ((min !== undefined && typeof min !== 'number') || (max !== undefined && typeof max !== 'number')) {
        wrong('a range of numbers');
      }
      if (min === undefined && max === undefined) fail(path, `BETWEEN on ${what} needs min, max or both`);
      if (min !== undefined && max !== undefined && min > max)
        fail(path, `min (${min}) is greater than max (${max})`);
      return;
    }
    case 'LOWER_THAN':
    case 'GREATER_THAN': {
      const bound = numericBound(type, value);
      if (bound === undefined) wrong(`a number (or a range with ${type === 'LOWER_THAN' ? 'max' : 'min'})`);
      return;
    }
    case 'IN':
    case 'CONTAINS':
      return fail(
        path,
        `${type} does not apply to the number ${what}; use BETWEEN, LOWER_THAN or GREATER_THAN`,
      );
  }
}

/**
 * The bound of LOWER_THAN / GREATER_THAN: a number, or a range whose max (LOWER_THAN) or min
 * (GREATER_THAN) is a number (what Lens sends when only one side of a range is filled).
 */
export function numericBound(type: 'LOWER_THAN' | 'GREATER_THAN', value: LeafValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const b = type === 'LOWER_THAN' ? value.max : value.min;
    return typeof b === 'number' ? b : undefined;
  }
  return undefined;
}

/** The codes of a coded field whose label contains `text` (case-insensitive): CONTAINS. */
export function codesContaining(field: SearchField, text: string): string[] {
  const needle = text.trim().toLowerCase();
  return [...field.codes].filter(([, label]) => label.toLowerCase().includes(needle)).map(([code]) => code);
}
