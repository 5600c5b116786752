/**
 * One public dataset: description, key numbers, charts, access conditions, licence, DUO terms,
 * publisher and contact, a citation to copy and the DCAT-AP downloads. Client route
 * `/datasets/:slug`; the hub itself answers `/catalogue/datasets/:slug` (the dataset IRI).
 */
import { useState } from 'react';
import { AddToBasket } from '../access/AddToBasket';
import { requestable } from '../access/basket';
import { Link, useParams } from 'react-router-dom';
import { get } from '../api';
import { citation, formatBytes, useLabels, type DatasetMetadata, type Entry } from '../catalogue';
import { BarChart } from '../components/BarChart';
import { useAsync } from '../components/useAsync';

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

  const count = (n: number | null | undefined) =>
    n === null || n === undefined ? undefined : n.toLocaleString();
  const levels: Array<[string, number | null | undefined]> = [
    ['Subjects', m.numberOfUniqueIndividuals],
    ['Studies', m.numberOfRecords],
    ['Series', e.counts.series],
    ['Images', e.counts.instances],
  ];
  const numbers: Array<[string, string | undefined]> = [
    ['Subjects', count(m.numberOfUniqueIndividuals)],
    ['Studies', count(m.numberOfRecords)],
    ['Series', count(e.counts.series)],
    ['Images', count(e.counts.instances)],
    ['Size', e.counts.sizeBytes === null ? undefined : formatBytes(e.counts.sizeBytes)],
  ];
  const ages =
    m.minTypicalAge !== undefined || m.maxTypicalAge !== undefined
      ? [
          { label: 'Youngest (typical)', value: m.minTypicalAge ?? 0 },
          { label: 'Oldest (typical)', value: m.maxTypicalAge ?? 0 },
        ]
      : [];
  const presence = (codes: string[]) => codes.map((c) => ({ label: label(c), value: 1 }));

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

      <section className="panel" aria-labelledby="numbers-h">
        <h3 id="numbers-h">Key numbers</h3>
        <dl className="numbers">
          {numbers
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd className="stat" data-testid={`number-${k.toLowerCase()}`}>
                  {v}
                </dd>
              </div>
            ))}
          {ages.length > 0 && (
            <div>
              <dt>Typical age</dt>
              <dd className="stat">
                {m.minTypicalAge ?? '?'}–{m.maxTypicalAge ?? '?'}
              </dd>
            </div>
          )}
        </dl>
      </section>

      <section className="panel" aria-labelledby="makeup-h">
        <h3 id="makeup-h">Make-up</h3>
        <div className="grid">
          <BarChart
            title="Size"
            bars={levels
              .filter(([, v]) => typeof v === 'number')
              .map(([k, v]) => ({ label: k, value: v ?? 0 }))}
          />
          <BarChart title="Typical age (years)" bars={ages} />
          <BarChart title="Cancer types" bars={presence(m.conditions ?? [])} unit=" ✓" />
          <BarChart title="Modalities" bars={presence(m.modalities ?? [])} unit=" ✓" />
          <BarChart title="Body parts" bars={presence(m.bodyParts ?? [])} unit=" ✓" />
          <BarChart title="Sexes" bars={presence(m.sexes ?? [])} unit=" ✓" />
        </div>
        <p className="muted">
          The catalogue record lists which modalities, body parts and sexes the dataset holds, not how many of
          each.
        </p>
      </section>

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
