/**
 * Rows of criteria: inside a row every criterion must hold (AND), a subject matches when any row
 * holds (OR). A coded criterion picks values by label (any of them, OR); a number criterion takes
 * a range.
 */
import { newCriterion, newRow, type Criterion, type FieldDef, type Row } from './query';

interface Props {
  fields: FieldDef[];
  rows: Row[];
  onChange: (rows: Row[]) => void;
}

export function QueryBuilder({ fields, rows, onChange }: Props) {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const first = fields[0];
  const setRow = (row: Row) => onChange(rows.map((r) => (r.id === row.id ? row : r)));
  const setCriterion = (row: Row, c: Criterion) =>
    setRow({ ...row, criteria: row.criteria.map((x) => (x.id === c.id ? c : x)) });

  return (
    <div className="query">
      {rows.map((row, i) => (
        <fieldset key={row.id} className="query-row" data-testid={`query-row-${i + 1}`}>
          <legend>{i === 0 ? 'Subjects with' : 'OR subjects with'}</legend>
          {row.criteria.map((c, j) => {
            const field = byKey.get(c.key);
            return (
              <div key={c.id} className="criterion" data-testid={`criterion-${i + 1}-${j + 1}`}>
                {j > 0 && <span className="muted">AND</span>}
                <label>
                  Field{' '}
                  <select
                    value={c.key}
                    onChange={(e) =>
                      setCriterion(row, { ...newCriterion(byKey.get(e.target.value)), id: c.id })
                    }
                  >
                    {fields.map((f) => (
                      <option key={f.key} value={f.key}>
                        {f.name}
                      </option>
                    ))}
                  </select>
                </label>
                {field?.kind === 'coded' && (
                  <div className="values" role="group" aria-label={`${field.name} values`}>
                    {field.codes.map((code) => (
                      <label key={code.code} className="value">
                        <input
                          type="checkbox"
                          checked={c.codes.includes(code.code)}
                          onChange={(e) =>
                            setCriterion(row, {
                              ...c,
                              codes: e.target.checked
                                ? [...c.codes, code.code]
                                : c.codes.filter((x) => x !== code.code),
                            })
                          }
                        />{' '}
                        {code.label}
                      </label>
                    ))}
                  </div>
                )}
                {field?.kind === 'number' && (
                  <span className="range">
                    <label>
                      From{' '}
                      <input
                        type="number"
                        min={field.min ?? undefined}
                        value={c.min}
                        onChange={(e) => setCriterion(row, { ...c, min: e.target.value })}
                      />
                    </label>{' '}
                    <label>
                      To{' '}
                      <input
                        type="number"
                        min={field.min ?? undefined}
                        value={c.max}
                        onChange={(e) => setCriterion(row, { ...c, max: e.target.value })}
                      />
                    </label>
                  </span>
                )}
                <button
                  type="button"
                  className="secondary"
                  aria-label="Remove criterion"
                  onClick={() => {
                    const criteria = row.criteria.filter((x) => x.id !== c.id);
                    if (criteria.length) setRow({ ...row, criteria });
                    else onChange(rows.filter((r) => r.id !== row.id));
                  }}
                >
                  ✕
                </button>
              </div>
            );
          })}
          <button
            type="button"
            onClick={() => setRow({ ...row, criteria: [...row.criteria, newCriterion(first)] })}
          >
            AND criterion
          </button>
        </fieldset>
      ))}
      <button type="button" onClick={() => onChange([...rows, newRow(first)])}>
        OR row
      </button>
    </div>
  );
}
