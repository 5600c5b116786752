/**
 * The numbers and distributions of one dataset, as its node released them (docs/privacy.md,
 * "Catalogue figures"): counts as released ("< 10" when hidden), ages as the bands whose counts are
 * shown and a typical range, categories with their subject counts; nothing when the dataset's
 * size is hidden, and a sentence on what the publication (released or exact) exposes. Harvested
 * records have no released figures: their own numbers and lists are shown as their source has them.
 */
import type { Entry } from '../../catalogue';
import { formatBytes } from '../../catalogue';
import { BarChart, type Bar } from '../../components/BarChart';

type Figures = NonNullable<Entry['figures']>;
type Count = Figures['subjects'];

const countText = (c: Count): string => (typeof c === 'number' ? c.toLocaleString() : c);

function Numbers({ numbers }: { numbers: Array<[string, string | undefined]> }) {
  return (
    <dl className="numbers">
      {numbers
        .filter((n): n is [string, string] => n[1] !== undefined)
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className="stat" data-testid={`number-${k.toLowerCase().replace(/\s+/g, '-')}`}>
              {v}
            </dd>
          </div>
        ))}
    </dl>
  );
}

function PublicationNote({ figures, provider }: { figures: Figures; provider: string }) {
  if (figures.publication === 'exact') {
    return (
      <p className="notice" data-testid="figures-note">
        {provider} publishes this dataset&apos;s figures <strong>exactly</strong>: counts of small groups,
        down to a single person, are visible, and so is which sexes, cancer types, modalities and body parts
        occur however rarely. Combined with what someone already knows about a patient, that can help identify
        them. Ages are still shown only as 10-year bands and a typical range.
      </p>
    );
  }
  const { threshold, roundTo, noise } = figures.policy;
  return (
    <p className="muted" data-testid="figures-note">
      Figures released under {provider}&apos;s privacy policy: counts below {threshold} show as &ldquo;&lt;{' '}
      {threshold}&rdquo;, others are rounded to the nearest {roundTo}
      {noise ? ' after random noise was added' : ''}. Ages appear as 10-year bands whose counts are shown and
      as a typical range (10th to 90th percentile, rounded outward to 5 years); a sex, cancer type, modality
      or body part is listed only when its count is shown.
    </p>
  );
}

function ReleasedFigures({
  entry,
  label,
}: {
  entry: Entry & { figures: Figures };
  label: (code: string) => string;
}) {
  const f = entry.figures;
  const hidden = typeof f.subjects !== 'number';
  const bars = (list: Figures['sexes']): Bar[] =>
    list.map((b) => ({ label: label(b.value), value: b.subjects }));
  const charts: Array<[string, Bar[]]> = [
    ['Subjects by age (years)', f.ageBands.map((b) => ({ label: `${b.min}–${b.max}`, value: b.subjects }))],
    ['Subjects by sex', bars(f.sexes)],
    ['Subjects by cancer type', bars(f.conditions)],
    ['Subjects by modality', bars(f.modalities)],
    ['Subjects by body part', bars(f.bodyParts)],
  ];
  const shown = charts.filter(([, b]) => b.length > 0);
  return (
    <>
      <section className="panel" aria-labelledby="numbers-h">
        <h3 id="numbers-h">Key numbers</h3>
        <Numbers
          numbers={[
            ['Subjects', countText(f.subjects)],
            ['Studies', countText(f.studies)],
            ['Series', countText(f.series)],
            ['Images', countText(f.instances)],
            ['Size', f.sizeBytes === null ? undefined : formatBytes(f.sizeBytes)],
            ['Typical age', f.typicalAge ? `${f.typicalAge.min}–${f.typicalAge.max}` : undefined],
          ]}
        />
        {hidden && (
          <p className="muted" data-testid="figures-hidden">
            This dataset is smaller than the privacy threshold, so its make-up is not published.
          </p>
        )}
        <PublicationNote figures={f} provider={entry.metadata.publisher.name} />
      </section>
      {!hidden && (
        <section className="panel" aria-labelledby="makeup-h">
          <h3 id="makeup-h">Make-up</h3>
          {shown.length > 0 ? (
            <div className="grid">
              {shown.map(([title, b]) => (
                <BarChart key={title} title={title} bars={b} />
              ))}
            </div>
          ) : (
            <p className="muted">No breakdown has counts large enough to be shown.</p>
          )}
        </section>
      )}
    </>
  );
}

/** A harvested record: the numbers and lists its source catalogue publishes. */
function HarvestedFigures({ entry, label }: { entry: Entry; label: (code: string) => string }) {
  const m = entry.metadata;
  const count = (n: number | null | undefined) =>
    n === null || n === undefined ? undefined : n.toLocaleString();
  const lists: Array<[string, string[] | undefined]> = [
    ['Cancer types', m.conditions],
    ['Modalities', m.modalities],
    ['Body parts', m.bodyParts],
    ['Sexes', m.sexes],
  ];
  return (
    <section className="panel" aria-labelledby="numbers-h">
      <h3 id="numbers-h">Key numbers</h3>
      <Numbers
        numbers={[
          ['Subjects', count(m.numberOfUniqueIndividuals)],
          ['Studies', count(m.numberOfRecords)],
          [
            'Typical age',
            m.minTypicalAge !== undefined || m.maxTypicalAge !== undefined
              ? `${m.minTypicalAge ?? '?'}–${m.maxTypicalAge ?? '?'}`
              : undefined,
          ],
        ]}
      />
      <table>
        <tbody>
          {lists
            .filter(([, v]) => v && v.length > 0)
            .map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{(v ?? []).map(label).join(', ')}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <p className="muted">As published by the catalogue this record was harvested from.</p>
    </section>
  );
}

export function DatasetFigures({ entry, label }: { entry: Entry; label: (code: string) => string }) {
  const { figures } = entry;
  if (figures) return <ReleasedFigures entry={{ ...entry, figures }} label={label} />;
  if (entry.origin === 'node') {
    return (
      <section className="panel" aria-labelledby="numbers-h">
        <h3 id="numbers-h">Key numbers</h3>
        <p className="muted">
          The data holder&apos;s node has not published this dataset&apos;s figures yet.
        </p>
      </section>
    );
  }
  return <HarvestedFigures entry={entry} label={label} />;
}
