/**
 * Browse a granted dataset through the hub's DICOMweb relay: its studies, the series of a study
 * with thumbnails (rendered middle frames), a slice viewer, and a manifest of every instance URL
 * to download with DICOMweb tools. A refused grant shows as such.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  buildManifest,
  instanceUrl,
  listInstances,
  listSeries,
  listStudies,
  renderedUrl,
  type SeriesRow,
} from '../access/dicomweb';
import { SliceViewer } from '../access/SliceViewer';
import { errorText } from '../components/format';
import { useAsync } from '../components/useAsync';

function Thumbnail({ slug, studyUid, s }: { slug: string; studyUid: string; s: SeriesRow }) {
  const inst = useAsync(() => listInstances(slug, studyUid, s.seriesUid), [slug, studyUid, s.seriesUid]);
  const mid = inst.value?.[Math.floor((inst.value.length - 1) / 2)];
  if (!mid) return <div className="thumb muted">{inst.error ? '—' : '…'}</div>;
  return (
    <img
      className="thumb"
      alt={`Series ${s.number ?? ''} preview`}
      src={renderedUrl(instanceUrl(slug, studyUid, s.seriesUid, mid.sopUid))}
    />
  );
}

function Refusal({ error }: { error: string }) {
  return (
    <p role="alert" className="error" data-testid="access-refused">
      {error}
    </p>
  );
}

function Series({ slug, studyUid }: { slug: string; studyUid: string }) {
  const series = useAsync(() => listSeries(slug, studyUid), [slug, studyUid]);
  const [open, setOpen] = useState<SeriesRow>();
  const instances = useAsync(
    () => (open ? listInstances(slug, studyUid, open.seriesUid) : Promise.resolve([])),
    [slug, studyUid, open?.seriesUid],
  );
  if (series.error) return <Refusal error={series.error} />;
  return (
    <>
      <ul className="series-grid">
        {series.value?.map((s) => (
          <li key={s.seriesUid}>
            <button
              className="secondary series-card"
              onClick={() => setOpen(s)}
              aria-label={`View series ${s.number ?? ''} ${s.description}`}
            >
              <Thumbnail slug={slug} studyUid={studyUid} s={s} />
              <span>
                {s.modality} #{s.number ?? '?'} {s.description}
              </span>
              <span className="muted">{s.instances ?? '?'} images</span>
            </button>
          </li>
        ))}
      </ul>
      {open && instances.error && <Refusal error={instances.error} />}
      {open && instances.value && instances.value.length > 0 && (
        <SliceViewer
          key={open.seriesUid}
          slug={slug}
          studyUid={studyUid}
          seriesUid={open.seriesUid}
          instances={instances.value}
        />
      )}
    </>
  );
}

export function StudyBrowserPage() {
  const slug = useParams().slug ?? '';
  const studies = useAsync(() => listStudies(slug), [slug]);
  const [study, setStudy] = useState<string>();
  const [manifestError, setManifestError] = useState<string>();

  async function downloadManifest() {
    setManifestError(undefined);
    try {
      const m = await buildManifest(slug, window.location.origin);
      const url = URL.createObjectURL(new Blob([JSON.stringify(m, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${slug}-manifest.json`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      setManifestError(errorText(err));
    }
  }

  return (
    <section className="panel">
      <p>
        <Link to="/access/grants">← My grants</Link>
      </p>
      <h2>Images of {slug}</h2>
      {studies.error ? (
        <Refusal error={studies.error} />
      ) : (
        <>
          <div className="row">
            <button className="secondary" onClick={() => void downloadManifest()}>
              Download manifest (JSON)
            </button>
            <span className="muted">
              DICOMweb base: <code>{`${window.location.origin}/dicomweb/datasets/${slug}`}</code>
            </span>
          </div>
          {manifestError && <p className="error">{manifestError}</p>}
          <table>
            <thead>
              <tr>
                <th>Study</th>
                <th>Date</th>
                <th>Modalities</th>
                <th>Series</th>
                <th>Images</th>
              </tr>
            </thead>
            <tbody>
              {studies.value?.map((s) => (
                <tr key={s.studyUid} className={s.studyUid === study ? 'selected' : ''}>
                  <td>
                    <button className="link" onClick={() => setStudy(s.studyUid)}>
                      {s.description || s.studyUid}
                    </button>
                  </td>
                  <td>{s.date}</td>
                  <td>{s.modalities.join(', ')}</td>
                  <td>{s.series ?? '—'}</td>
                  <td>{s.instances ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {study && <Series slug={slug} studyUid={study} />}
        </>
      )}
    </section>
  );
}
