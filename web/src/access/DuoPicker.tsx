/** Pick the purpose of a request as GA4GH DUO codes: one or more primary purposes, optional modifiers. */
import {
  duoModifiers,
  duoPermissions,
  type DuoModifier,
  type DuoPermission,
} from '../../../src/model/catalogue-codes';

export type DuoCode = DuoPermission | DuoModifier;

function Group({
  legend,
  codes,
  value,
  onChange,
}: {
  legend: string;
  codes: Partial<Record<DuoCode, string>>;
  value: DuoCode[];
  onChange: (v: DuoCode[]) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {(Object.entries(codes) as [DuoCode, string][]).map(([code, label]) => {
        const id = `duo-${code}`;
        return (
          <div key={code} className="facet">
            <input
              type="checkbox"
              id={id}
              checked={value.includes(code)}
              onChange={(e) =>
                onChange(e.target.checked ? [...value, code] : value.filter((c) => c !== code))
              }
            />
            <label htmlFor={id}>
              {label} <span className="muted">({code})</span>
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

export function DuoPicker({ value, onChange }: { value: DuoCode[]; onChange: (v: DuoCode[]) => void }) {
  return (
    <div className="grid">
      <Group
        legend="Primary purpose (at least one)"
        codes={duoPermissions}
        value={value}
        onChange={onChange}
      />
      <Group legend="Modifiers (optional)" codes={duoModifiers} value={value} onChange={onChange} />
    </div>
  );
}

export const hasPrimaryPurpose = (codes: DuoCode[]): boolean => codes.some((c) => c in duoPermissions);
