/**
 * A CSV reader after RFC 4180: comma-separated fields, fields in double quotes may hold commas,
 * line breaks and doubled quotes (""). Each record carries the line number it starts on, so that
 * errors point at the line a person sees in their editor.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record is malformed (e.g. a quote that is never closed). */
  error?: string;
}

export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let error: string | undefined;
    let endOfRecord = false;
    while (!endOfRecord) {
      if (src[i] === '"') {
        // quoted field
        i++;
        let closed = false;
        while (i < src.length) {
          const c = src[i];
          if (c === '"') {
            if (src[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (!closed) error = 'a quoted field is not closed before the end of the file';
        else if (i < src.length && src[i] !== ',' && src[i] !== '\r' && src[i] !== '\n') {
          error = 'text after the closing quote of a field';
          while (i < src.length && src[i] !== ',' && src[i] !== '\n') i++;
        }
      } else {
        while (i < src.length && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') field += src[i++];
      }
      fields.push(field);
      field = '';
      if (i >= src.length) endOfRecord = true;
      else if (src[i] === ',') i++;
      else {
        if (src[i] === '\r') i++;
        if (src[i] === '\n') i++;
        line++;
        endOfRecord = true;
      }
    }
    // blank lines carry no record
    if (fields.length === 1 && fields[0] === '' && !error) continue;
    out.push({ line: start, fields, ...(error ? { error } : {}) });
  }
  return out;
}
