/**
 * DICOM JSON → the Native DICOM Model of PS3.19 §A.1 (application/dicom+xml), for WADO-RS
 * metadata in XML (PS3.18 Table 10.4.4-1: required). One NativeDicomModel document per instance.
 */
import { dictionaryEntry } from './dcmjs.js';
import type { DicomJson, DicomJsonElement } from './dicom-json.js';

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** XML 1.0 text: markup characters escaped, characters XML cannot carry dropped. */
function esc(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) continue;
    if (c === 0xfffe || c === 0xffff) continue;
    out += escapes[ch] ?? ch;
  }
  return out;
}

const pnComponents = ['FamilyName', 'GivenName', 'MiddleName', 'NamePrefix', 'NameSuffix'] as const;

function personName(value: unknown, n: number): string {
  const groups = (value ?? {}) as Partial<Record<'Alphabetic' | 'Ideographic' | 'Phonetic', string>>;
  let xml = `<PersonName number="${n}">`;
  for (const g of ['Alphabetic', 'Ideographic', 'Phonetic'] as const) {
    const v = groups[g];
    if (!v) continue;
    const parts = v.split('^');
    xml += `<${g}>`;
    parts.forEach((p, i) => {
      const name = pnComponents[i];
      if (name && p !== '') xml += `<${name}>${esc(p)}</${name}>`;
    });
    xml += `</${g}>`;
  }
  return `${xml}</PersonName>`;
}

function attribute(tag: string, el: DicomJsonElement): string {
  const keyword = dictionaryEntry(tag)?.keyword;
  const head = `<DicomAttribute tag="${tag}" vr="${el.vr}"${keyword ? ` keyword="${keyword}"` : ''}`;
  let body: string;
  if (el.BulkDataURI !== undefined) body = `<BulkData uri="${esc(el.BulkDataURI)}"/>`;
  else if (el.InlineBinary !== undefined) body = `<InlineBinary>${el.InlineBinary}</InlineBinary>`;
  else if (el.vr === 'SQ') {
    body = (el.Value ?? [])
      .map((item, i) => `<Item number="${i + 1}">${dataset(item as DicomJson)}</Item>`)
      .join('');
  } else if (el.vr === 'PN') {
    body = (el.Value ?? []).map((v, i) => personName(v, i + 1)).join('');
  } else {
    body = (el.Value ?? [])
      .map((v, i) =>
        typeof v === 'string' || typeof v === 'number'
          ? `<Value number="${i + 1}">${esc(String(v))}</Value>`
          : '',
      )
      .join('');
  }
  return body ? `${head}>${body}</DicomAttribute>` : `${head}/>`;
}

function dataset(ds: DicomJson): string {
  return Object.keys(ds)
    .sort()
    .map((tag) => {
      const el = ds[tag];
      return el ? attribute(tag, el) : '';
    })
    .join('');
}

/** One instance's metadata as a Native DICOM Model document. */
export function nativeDicomModel(ds: DicomJson): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<NativeDicomModel xml:space="preserve">${dataset(ds)}</NativeDicomModel>\n`;
}
