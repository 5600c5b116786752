/** Released outputs as a reader sees them: metrics as a table, CSV as a table, images inline. */
import { csvRows, type SiteView } from './jobs-api';

type Output = SiteView['outputs'][number];

export function MetricsTable({ metrics }: { metrics: Record<string, unknown> }) {
  return (
    <table>
      <tbody>
        {Object.entries(metrics).map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : String(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OutputView({ output }: { output: Output }) {
  if (output.mediaType === 'image/png')
    return <img alt={output.name} src={`data:image/png;base64,${output.content}`} />;
  if (output.kind === 'metrics') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output.content);
    } catch {
      parsed = undefined;
    }
    if (parsed && typeof parsed === 'object')
      return <MetricsTable metrics={parsed as Record<string, unknown>} />;
  }
  if (output.kind === 'table') {
    const [head = [], ...rows] = csvRows(output.content);
    return (
      <table>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return <pre>{output.content}</pre>;
}

/** One numeric key of each site's released metrics, for a chart across sites. */
export function siteMetric(sites: SiteView[], key: string): { label: string; value: number }[] {
  return sites.flatMap((s) => {
    const m = s.outputs.find((o) => o.kind === 'metrics');
    if (!m) return [];
    try {
      const v = (JSON.parse(m.content) as Record<string, unknown>)[key];
      return typeof v === 'number' ? [{ label: s.name, value: v }] : [];
    } catch {
      return [];
    }
  });
}
