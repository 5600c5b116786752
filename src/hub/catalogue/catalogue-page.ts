/** The human page of a catalogue entry: plain, server-rendered, escaped HTML. */
import { bodyPartCodes, cancerTypes, modalityCodes } from '../../model/codes.js';
import { duoModifiers, duoPermissions } from '../../model/catalogue-codes.js';
import { countText } from '../../model/released-figures.js';
import type { EntryView } from './catalogue.views.js';

const esc = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const labels = (
  codes: Record<string, { code: string; label: string }>,
  values: string[] | undefined,
): string => {
  const m = new Map(Object.values(codes).map((c) => [c.code, c.label]));
  return (values ?? []).map((v) => esc(m.get(v) ?? v)).join(', ') || '–';
};

/** Numbers as the node released them ("< 10" when hidden); a harvested record's as its source has them. */
function figureRows(e: EntryView, row: (k: string, v: string) => string): string {
  const f = e.figures;
  const m = e.metadata;
  if (!f) {
    const ages =
      m.minTypicalAge !== undefined ? row('Typical age', `${m.minTypicalAge}–${m.maxTypicalAge ?? '?'}`) : '';
    return (
      row('Subjects / studies', `${m.numberOfUniqueIndividuals ?? '–'} / ${m.numberOfRecords ?? '–'}`) + ages
    );
  }
  const note =
    f.publication === 'exact'
      ? 'published exactly by the data holder: small groups are visible'
      : `released under the node's privacy policy: counts below ${f.policy.threshold} hidden, others rounded to ${f.policy.roundTo}${f.policy.noise ? ', with noise' : ''}`;
  return [
    row('Subjects / studies', `${esc(countText(f.subjects))} / ${esc(countText(f.studies))}`),
    row('Series / images', `${esc(countText(f.series))} / ${esc(countText(f.instances))}`),
    f.typicalAge ? row('Typical age', `${f.typicalAge.min}–${f.typicalAge.max}`) : '',
    row('Figures', esc(note)),
  ].join('\n');
}

export function renderEntryPage(e: EntryView, iri: string): string {
  const m = e.metadata;
  const row = (k: string, v: string) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`;
  const duo = !m.dataUse
    ? '–'
    : [
        `${esc(m.dataUse.permission)} ${esc(duoPermissions[m.dataUse.permission])}`,
        ...m.dataUse.modifiers.map(
          (x) => `${esc(x.code)} ${esc(duoModifiers[x.code])}${x.value ? ` (${esc(x.value)})` : ''}`,
        ),
      ].join('<br>');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(m.title)}</title>
<link rel="alternate" type="text/turtle" href="${esc(iri)}.ttl">
<link rel="alternate" type="application/ld+json" href="${esc(iri)}.jsonld">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem}th{text-align:left;padding-right:1rem;vertical-align:top}</style>
</head><body>
<h1>${esc(m.title)}</h1>
<p>${esc(m.description)}</p>
<table>
${row('Identifier', esc(m.identifier))}
${row('Version', `${esc(m.version)} (catalogue version ${e.version})`)}
${row('Publisher', esc(m.publisher.name) + (e.country ? ` (${esc(e.country)})` : ''))}
${row('Contact', esc(m.contactPoint.name) + (m.contactPoint.email ? ` &lt;${esc(m.contactPoint.email)}&gt;` : ''))}
${row('Access rights', esc(m.accessRights))}
${row('Licence', esc(m.licence))}
${row('Data use', duo)}
${figureRows(e, row)}
${row('Cancer types', labels(cancerTypes, m.conditions))}
${row('Modalities', labels(modalityCodes, m.modalities))}
${row('Body parts', labels(bodyPartCodes, m.bodyParts))}
${row('Keywords', m.keywords.map(esc).join(', '))}
${row('Health Data Access Body', m.hdab ? esc(m.hdab.name) : '–')}
${row('Access', m.distributions.map((d) => `${esc(d.accessCondition)}: <a href="${esc(d.accessUrl)}">${esc(d.title ?? d.accessUrl)}</a>`).join('<br>'))}
</table>
<p>Machine-readable: <a href="${esc(iri)}.ttl">Turtle</a> · <a href="${esc(iri)}.jsonld">JSON-LD</a> (DCAT-AP 3 / HealthDCAT-AP)</p>
</body></html>
`;
}
