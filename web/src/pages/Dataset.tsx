/**
 * One public dataset: description, key numbers and distributions as the node released them
 * (dataset/DatasetFigures), access conditions, licence, DUO terms, publisher and contact, a
 * citation to copy and the DCAT-AP downloads. Client route `/datasets/:slug`; the hub itself answers `/catalogue/datasets/:slug` (the dataset IRI).
 */
import { useState } from 'react';
import { AddToBasket } from '../access/AddToBasket';
import { requestable } from '../access/basket';
import { Link, useParams } from 'react-router-dom';
import { get } from '../api';
import { citation, useLabels, type DatasetMetadata, type Entry } from '../catalogue';
import { useAsync } from '../components/useAsync';
import { DatasetFigures } from './dataset/DatasetFigures';

type Agent = Pick<DatasetMetadata['contactPoint'], 'name' | 'email' | 'url'>;

function AgentText({ agent }: { agent: Agent }) {
  return (
    <>
      {agent.url ? <a href={agent.url}>{agent.name}</a> : agent.name}
      {agent.email && (
        <>
          {' '}
          &lt;<a href={`mailto:${agent.email}`}>{agent.email}</a>&gt;
        </>
      )}
    </>
  );
}

export function DatasetPage() {
  const { slug = '' } = useParams();
  const label = useLabels();
  const entry = useAsync(() => get<Entry>(`/catalogue/datasets/${encodeURIComponent(slug)}`), [slug]);
  const [copied, setCopied] = useState<string>();

  if (entry.error) {
    return (
      <section className="panel">
        <h2>Dataset not found</h2>
        <p role="alert">{entry.error}</p>
        <Link to="/catalogue">Back to the catalogue</Link>
      </section>
    );
  }
  const e = entry.value;
  if (!e) return <p className="muted">Loading…</p>;
  const m = e.metadata;
  const iri = `${window.location.origin}/catalogue/datasets/${encodeURIComponent(e.slug)}`;
  const cite = citation(e, iri);

  async function copy() {
    try {
      await navigator.clipboard.writeText(cite);
      setCopied('Citation copied to the clipboard.');
    } catch {
      setCopied(`Copy this citation: ${cite}`);
    }
  }

  return (
    <>
      <section className="panel">
        <p>
          <Link to="/catalogue">← Catalogue</Link>
        </p>
        <h2>{m.title}</h2>
        <p className="muted">
          {m.publisher.name}
          {e.country ? ` · ${label(e.country)}` : ''} · version {m.version} · {label(m.accessRights)}
        </p>
        <p>{m.description}</p>
        {m.keywords.length > 0 && (
          <p>
            {m.keywords.map((k) => (
              <span key={k} className="badge">
                {k}
              </span>
            ))}
          </p>
        )}
        <div className="row">
          {requestable(e.slug) && (
            <AddToBasket item={{ slug: e.slug, title: m.title, provider: m.publisher.name }} />
          )}
          <button onClick={() => void copy()}>Copy citation</button>
          <a href={`/catalogue/datasets/${encodeURIComponent(e.slug)}.ttl`} download>
            Download DCAT (Turtle)
          </a>
          <a href={`/catalogue/datasets/${encodeURIComponent(e.slug)}.jsonld`} download>
            Download DCAT (JSON-LD)
          </a>
        </div>
        {copied && (
          <p role="status" data-testid="copy-status">
            {copied}
          </p>
        )}
      </section>

      <DatasetFigures entry={e} label={label} />

      <section className="panel" aria-labelledby="access-h">
        <h3 id="access-h">Access and use</h3>
        <table>
          <tbody>
            <tr>
              <th scope="row">Access rights</th>
              <td>{label(m.accessRights)}</td>
            </tr>
            <tr>
              <th scope="row">Licence</th>
              <td>{label(m.licence)}</td>
            </tr>
            <tr>
              <th scope="row">Data use (DUO)</th>
              <td>
                {m.dataUse ? (
                  <ul className="plain">
                    <li>
                      {m.dataUse.permission}: {label(m.dataUse.permission)}
                      {m.dataUse.disease ? ` (${label(m.dataUse.disease)})` : ''}
                    </li>
                    {m.dataUse.modifiers.map((x) => (
                      <li key={x.code}>
                        {x.code}: {label(x.code)}
                        {x.value ? ` (${x.value})` : ''}
                      </li>
                    ))}
                  </ul>
                ) : (
                  '—'
                )}
              </td>
            </tr>
            <tr>
              <th scope="row">Distributions</th>
              <td>
                <ul className="plain">
                  {m.distributions.map((d) => (
                    <li key={d.accessUrl}>
                      {label(d.accessCondition)}: <a href={d.accessUrl}>{d.title ?? d.accessUrl}</a>
                      {d.mediaType ? ` (${d.mediaType})` : ''}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
            {m.hdab && (
              <tr>
                <th scope="row">Health Data Access Body</th>
                <td>
                  <AgentText agent={m.hdab} />
                </td>
              </tr>
            )}
            <tr>
              <th scope="row">Publisher</th>
              <td>
                <AgentText agent={m.publisher} />
              </td>
            </tr>
            <tr>
              <th scope="row">Contact</th>
              <td>
                <AgentText agent={m.contactPoint} />
              </td>
            </tr>
            {m.project && (
              <tr>
                <th scope="row">Project</th>
                <td>
                  {m.project.url ? <a href={m.project.url}>{m.project.name}</a> : m.project.name}
                  {m.project.funding ? ` (${m.project.funding})` : ''}
                </td>
              </tr>
            )}
            {m.manufacturers && m.manufacturers.length > 0 && (
              <tr>
                <th scope="row">Manufacturers</th>
                <td>{m.manufacturers.join(', ')}</td>
              </tr>
            )}
          </tbody>
        </table>
        <p className="muted">
          Cite as: <span data-testid="citation">{cite}</span>
        </p>
      </section>
    </>
  );
}
