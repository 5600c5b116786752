/** A horizontal bar chart in plain SVG: label, bar, value. Accessible as a table for readers. */
export interface Bar {
  label: string;
  value: number;
}

export function BarChart({ title, bars, unit }: { title: string; bars: Bar[]; unit?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowH = 22;
  const height = bars.length * rowH + 4;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p className="muted">No data</p>
      ) : (
        <svg
          role="img"
          aria-label={title}
          viewBox={`0 0 400 ${height}`}
          width="100%"
          preserveAspectRatio="xMinYMin meet"
        >
          {bars.map((b, i) => {
            const w = (b.value / max) * 220;
            const y = i * rowH + 2;
            return (
              <g key={b.label}>
                <text x="0" y={y + 15} fontSize="12" className="chart-label">
                  {b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label}
                </text>
                <rect
                  x="140"
                  y={y + 3}
                  width={Math.max(1, w)}
                  height={rowH - 8}
                  rx="3"
                  className="chart-bar"
                />
                <text x={146 + w} y={y + 15} fontSize="12" className="chart-value">
                  {b.value.toLocaleString()}
                  {unit ?? ''}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
