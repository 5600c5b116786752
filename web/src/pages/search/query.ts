/**
 * The query builder's model and the Lens AST it becomes: the top level is an OR of rows, each row
 * an AND of per-field groups (a branch with the field's key), each group an OR of leaves — the
 * shape EUCAIM's Lens sends (docs/search.md). Criteria without a value are left out; no criteria
 * at all means "everything".
 */
export interface FieldDef {
  key: string;
  name: string;
  system: string;
  kind: 'coded' | 'number';
  scope: 'patient' | 'series';
  codes: Array<{ code: string; label: string }>;
  min: number | null;
}

export interface Criterion {
  id: number;
  key: string;
  /** Chosen codes (coded fields). */
  codes: string[];
  /** Bounds as typed (number fields); '' = open. */
  min: string;
  max: string;
}

export interface Row {
  id: number;
  criteria: Criterion[];
}

let nextId = 1;
export const newId = (): number => nextId++;

export function newCriterion(field: FieldDef | undefined): Criterion {
  return { id: newId(), key: field?.key ?? '', codes: [], min: '', max: '' };
}

export function newRow(field: FieldDef | undefined): Row {
  return { id: newId(), criteria: [newCriterion(field)] };
}

type Leaf = {
  nodeType: 'leaf';
  key: string;
  system?: string;
  type: 'EQUALS' | 'BETWEEN';
  value: string | { min?: number; max?: number };
};
type Branch = { nodeType: 'branch'; key?: string; operand: 'AND' | 'OR'; children: Array<Branch | Leaf> };

function bound(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function group(c: Criterion, fields: Map<string, FieldDef>): Branch | undefined {
  const field = fields.get(c.key);
  if (!field) return undefined;
  const system = field.system ? { system: field.system } : {};
  let leaves: Leaf[] = [];
  if (field.kind === 'coded') {
    leaves = c.codes.map((code) => ({
      nodeType: 'leaf',
      key: field.key,
      ...system,
      type: 'EQUALS',
      value: code,
    }));
  } else {
    const min = bound(c.min);
    const max = bound(c.max);
    if (min !== undefined || max !== undefined)
      leaves = [
        {
          nodeType: 'leaf',
          key: field.key,
          ...system,
          type: 'BETWEEN',
          value: { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) },
        },
      ];
  }
  return leaves.length ? { nodeType: 'branch', key: field.key, operand: 'OR', children: leaves } : undefined;
}

export function toLensAst(rows: Row[], fields: Map<string, FieldDef>): Branch {
  const children: Branch[] = [];
  for (const row of rows) {
    const groups = row.criteria.map((c) => group(c, fields)).filter((g): g is Branch => g !== undefined);
    if (groups.length) children.push({ nodeType: 'branch', operand: 'AND', children: groups });
  }
  return { nodeType: 'branch', operand: 'OR', children };
}

/** "Sex is female or male AND Age at diagnosis 40–60", for the page and the report. */
export function describeQuery(rows: Row[], fields: Map<string, FieldDef>): string {
  const parts = rows
    .map((row) =>
      row.criteria
        .map((c) => {
          const f = fields.get(c.key);
          if (!f) return '';
          if (f.kind === 'coded') {
            const labels = c.codes.map((code) => f.codes.find((x) => x.code === code)?.label ?? code);
            return labels.length ? `${f.name} is ${labels.join(' or ')}` : '';
          }
          const min = bound(c.min);
          const max = bound(c.max);
          if (min === undefined && max === undefined) return '';
          return `${f.name} ${min ?? '…'}–${max ?? '…'}`;
        })
        .filter(Boolean)
        .join(' AND '),
    )
    .filter(Boolean);
  return parts.length ? parts.map((p) => (parts.length > 1 ? `(${p})` : p)).join(' OR ') : 'everything';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const childrenOf = (v: unknown): unknown[] => (isObject(v) && Array.isArray(v.children) ? v.children : []);

/** A group (one field's OR of leaves) back as a criterion; undefined for a field not in the catalogue. */
function criterionOf(g: unknown, fields: Map<string, FieldDef>): Criterion | undefined {
  if (!isObject(g) || typeof g.key !== 'string') return undefined;
  const field = fields.get(g.key);
  if (!field) return undefined;
  const c = newCriterion(field);
  for (const leaf of childrenOf(g)) {
    if (!isObject(leaf)) continue;
    if (typeof leaf.value === 'string') c.codes.push(leaf.value);
    else if (isObject(leaf.value)) {
      if (typeof leaf.value.min === 'number') c.min = String(leaf.value.min);
      if (typeof leaf.value.max === 'number') c.max = String(leaf.value.max);
    }
  }
  return c;
}

/**
 * The builder's rows for a query it made (`toLensAst`'s shape), e.g. to load a past search back;
 * "everything" gives one empty row. Fields no longer in the catalogue are left out.
 */
export function fromLensAst(ast: unknown, fields: Map<string, FieldDef>): Row[] {
  const rows = childrenOf(ast)
    .map((row) => ({
      id: newId(),
      criteria: childrenOf(row)
        .map((g) => criterionOf(g, fields))
        .filter((c): c is Criterion => c !== undefined),
    }))
    .filter((r) => r.criteria.length > 0);
  return rows.length ? rows : [newRow(fields.values().next().value)];
}
