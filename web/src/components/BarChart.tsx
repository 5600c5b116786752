/** A horizontal bar chart in plain SVG: label, bar, value. Accessible as a table for readers. */
export interface Bar {
  label: string;
  value: number;
}

/** Label column width (SVG units) and the characters of 12px text that fit in it. */
const LABEL_WIDTH = 170;
const LABEL_CHARS = 26;
/** Wider than this many characters might be, the label is squeezed to its column. */
const SAFE_CHARS = 20;
const BAR_WIDTH = 180;

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
          aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.value.toLocaleString()}${unit ?? ''}`).join(', ')}`}
          viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + 70} ${height}`}
          width="100%"
          preserveAspectRatio="xMinYMin meet"
        >
          {bars.map((b, i) => {
            const w = (b.value / max) * BAR_WIDTH;
            const y = i * rowH + 2;
            // Long labels are cut to their column (full text on hover), never run into the bar.
            const text = b.label.length > LABEL_CHARS ? `${b.label.slice(0, LABEL_CHARS - 1)}…` : b.label;
            const fit =
              text.length > SAFE_CHARS ? { textLength: LABEL_WIDTH, lengthAdjust: 'spacingAndGlyphs' } : {};
            return (
              <g key={b.label}>
                <title>{`${b.label}: ${b.value.toLocaleString()}${unit ?? ''}`}</title>
                <text x="0" y={y + 15} fontSize="12" className="chart-label" {...fit}>
                  {text}
                </text>
                <rect
                  x={LABEL_WIDTH + 6}
                  y={y + 3}
                  width={Math.max(1, w)}
                  height={rowH - 8}
                  rx="3"
                  className="chart-bar"
                />
                <text x={LABEL_WIDTH + 12 + w} y={y + 15} fontSize="12" className="chart-value">
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
