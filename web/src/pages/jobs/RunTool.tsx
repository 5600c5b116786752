/**
 * "Run a tool": pick an approved tool, the datasets you hold active grants for, its parameters
 * (a form made from the tool's JSON Schema), and run it where the data lives.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { accessApi } from '../../access/access-api';
import { errorText } from '../../components/format';
import { useAsync } from '../../components/useAsync';
import { jobsApi, type ToolView } from './jobs-api';

interface Property {
  type?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: string[];
}

function properties(t: ToolView | undefined): [string, Property][] {
  const p = (t?.spec.parameters as { properties?: Record<string, Property> } | undefined)?.properties;
  return p ? Object.entries(p) : [];
}

function ParamInput({
  name,
  p,
  value,
  onChange,
}: {
  name: string;
  p: Property;
  value: string;
  onChange: (v: string) => void;
}) {
  const id = `param-${name}`;
  return (
    <label htmlFor={id}>
      {name}
      {p.description && <span className="muted"> — {p.description}</span>}
      {p.enum ? (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          {p.enum.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </select>
      ) : p.type === 'boolean' ? (
        <input
          id={id}
          type="checkbox"
          checked={value === 'true'}
          onChange={(e) => onChange(String(e.target.checked))}
        />
      ) : (
        <input
          id={id}
          type={p.type === 'number' || p.type === 'integer' ? 'number' : 'text'}
          step={p.type === 'integer' ? 1 : 'any'}
          min={p.minimum}
          max={p.maximum}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </label>
  );
}

const defaultText = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

function toParams(props: [string, Property][], values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of props) {
    const v = values[name];
    if (v === undefined || v === '') continue;
    out[name] =
      p.type === 'number' || p.type === 'integer' ? Number(v) : p.type === 'boolean' ? v === 'true' : v;
  }
  return out;
}

export function RunToolPage() {
  const navigate = useNavigate();
  const tools = useAsync(() => jobsApi.tools().then((t) => t.filter((x) => x.state === 'approved')), []);
  const grants = useAsync(
    () => accessApi.listGrants('mine').then((g) => g.filter((x) => x.status === 'active')),
    [],
  );
  const [toolId, setToolId] = useState<number>();
  const [datasets, setDatasets] = useState<string[]>([]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const tool = tools.value?.find((t) => t.id === toolId) ?? tools.value?.[0];
  const props = properties(tool);

  async function run() {
    if (!tool) return;
    setBusy(true);
    setError(undefined);
    try {
      const job = await jobsApi.run({
        tool: tool.slug,
        version: tool.version,
        datasets,
        params: toParams(props, values),
      });
      void navigate(`/jobs/${job.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <h1>Run a tool</h1>
      <p className="muted">
        The tool runs at each site that holds one of the datasets, on exactly the series your grant covers,
        with no network. Each site checks your grant and the tool itself, and releases only outputs that pass
        its checks.
      </p>
      {(tools.error ?? grants.error) && (
        <p role="alert" className="error">
          {tools.error ?? grants.error}
        </p>
      )}
      <label htmlFor="tool">
        Tool
        <select
          id="tool"
          value={tool?.id ?? ''}
          onChange={(e) => {
            setToolId(Number(e.target.value));
            setValues({});
          }}
        >
          {tools.value?.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} {t.version}
            </option>
          ))}
        </select>
      </label>
      {tool && <p className="muted">{tool.description}</p>}
      <fieldset>
        <legend>Datasets you hold active grants for</legend>
        {grants.value?.length === 0 && (
          <p className="muted">You hold no active grant: request access from the catalogue first.</p>
        )}
        {grants.value?.map((g) => (
          <label key={g.id}>
            <input
              type="checkbox"
              name="dataset"
              value={g.slug}
              checked={datasets.includes(g.slug)}
              onChange={(e) =>
                setDatasets((d) => (e.target.checked ? [...d, g.slug] : d.filter((x) => x !== g.slug)))
              }
            />
            {g.title}
          </label>
        ))}
      </fieldset>
      {props.length > 0 && (
        <fieldset>
          <legend>Parameters</legend>
          {props.map(([name, p]) => (
            <ParamInput
              key={name}
              name={name}
              p={p}
              value={values[name] ?? defaultText(p.default)}
              onChange={(v) => setValues((old) => ({ ...old, [name]: v }))}
            />
          ))}
        </fieldset>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button onClick={() => void run()} disabled={busy || !tool || datasets.length === 0}>
        Run
      </button>
    </section>
  );
}
