/**
 * A small RDF/XML writer for tests (nothing in the install writes RDF/XML): one rdf:Description
 * per triple, predicates split at their last '#' or '/'. Enough for harvest sources.
 */
import type * as RDF from '@rdfjs/types';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function toRdfXml(quads: readonly RDF.Quad[]): string {
  const namespaces = new Map<string, string>();
  const prefixOf = (ns: string): string => {
    let p = namespaces.get(ns);
    if (!p) namespaces.set(ns, (p = `ns${namespaces.size}`));
    return p;
  };
  const body = quads.map((q) => {
    const iri = q.predicate.value;
    const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1;
    const el = `${prefixOf(iri.slice(0, cut))}:${iri.slice(cut)}`;
    const about = `rdf:about="${esc(q.subject.value)}"`;
    const o = q.object;
    const value =
      o.termType === 'Literal'
        ? `<${el}${o.language ? ` xml:lang="${o.language}"` : o.datatype.value.endsWith('#string') ? '' : ` rdf:datatype="${esc(o.datatype.value)}"`}>${esc(o.value)}</${el}>`
        : `<${el} rdf:resource="${esc(o.value)}"/>`;
    return `  <rdf:Description ${about}>${value}</rdf:Description>`;
  });
  const xmlns = [...namespaces].map(([ns, p]) => ` xmlns:${p}="${esc(ns)}"`).join('');
  return `<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"${xmlns}>\n${body.join('\n')}\n</rdf:RDF>\n`;
}
