/**
 * A simple slice viewer: the instances of one series as rendered frames; scroll with the slider,
 * the mouse wheel or the arrow keys; window/level with the sliders or by dragging on the image
 * (horizontal: width, vertical: centre).
 */
import { useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import { instanceUrl, renderedUrl, type InstanceRow } from './dicomweb';

export function SliceViewer(props: {
  slug: string;
  studyUid: string;
  seriesUid: string;
  instances: InstanceRow[];
}) {
  const { instances } = props;
  const [index, setIndex] = useState(Math.floor(instances.length / 2));
  const [win, setWin] = useState<{ center: number; width: number } | undefined>();
  const [failed, setFailed] = useState(false);
  const drag = useRef<{ x: number; y: number; center: number; width: number } | undefined>(undefined);
  const current = instances[index];
  if (!current) return <p className="muted">This series has no instances.</p>;
  const src = renderedUrl(instanceUrl(props.slug, props.studyUid, props.seriesUid, current.sopUid), win);
  const go = (i: number) => setIndex(Math.max(0, Math.min(instances.length - 1, i)));
  const w = win ?? { center: 40, width: 400 };

  const onWheel = (e: WheelEvent) => go(index + (e.deltaY > 0 ? 1 : -1));
  const onDown = (e: PointerEvent<HTMLImageElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, ...w };
  };
  const onMove = (e: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    setWin({ width: Math.max(1, d.width + (e.clientX - d.x) * 4), center: d.center + (e.clientY - d.y) * 2 });
  };

  return (
    <div
      className="viewer"
      tabIndex={0}
      onKeyDown={(e) =>
        e.key === 'ArrowDown' ? go(index + 1) : e.key === 'ArrowUp' ? go(index - 1) : undefined
      }
    >
      <div className="viewer-image" onWheel={onWheel}>
        {failed ? (
          <p role="alert" className="error">
            The image could not be loaded (access refused or the site is offline).
          </p>
        ) : (
          <img
            src={src}
            alt={`Instance ${current.number ?? index + 1} of ${instances.length}`}
            data-testid="viewer-image"
            draggable={false}
            onError={() => setFailed(true)}
            onLoad={() => setFailed(false)}
            onPointerDown={onDown}
            onPointerMove={onMove}
            onPointerUp={() => (drag.current = undefined)}
          />
        )}
      </div>
      <div className="stack">
        <label htmlFor="slice">
          Slice {index + 1} of {instances.length}
        </label>
        <input
          id="slice"
          type="range"
          min={0}
          max={instances.length - 1}
          value={index}
          onChange={(e) => go(Number(e.target.value))}
        />
        <label htmlFor="wl-center">Window centre {Math.round(w.center)}</label>
        <input
          id="wl-center"
          type="range"
          min={-1500}
          max={3000}
          value={w.center}
          onChange={(e) => setWin({ ...w, center: Number(e.target.value) })}
        />
        <label htmlFor="wl-width">Window width {Math.round(w.width)}</label>
        <input
          id="wl-width"
          type="range"
          min={1}
          max={5000}
          value={w.width}
          onChange={(e) => setWin({ ...w, width: Number(e.target.value) })}
        />
        <button className="secondary" onClick={() => setWin(undefined)} disabled={!win}>
          Window from the image
        </button>
      </div>
    </div>
  );
}
