/**
 * Media types with parameters (RFC 9110 §8.3.1): `type/subtype; name=value; name="quoted value"`.
 * One tolerant parser for Accept and Content-Type, as real clients write them: any case, spaces
 * around `;` and `=`, quoted values with backslash escapes, parameters in any order.
 */

export interface MediaType {
  /** Lower-cased `type/subtype`. */
  type: string;
  /** Lower-cased parameter names → values (quotes removed, case kept). */
  params: Record<string, string>;
}

/** Split on `sep` outside double quotes (a `\` inside quotes escapes the next character). */
export function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? '';
    if (quoted && ch === '\\' && i + 1 < s.length) {
      cur += ch + (s[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  return t;
}

/** Parse one media type with its parameters; parameters without `=` are ignored. */
export function parseMediaType(value: string): MediaType {
  const [typePart, ...paramParts] = splitOutsideQuotes(value, ';');
  const params: Record<string, string> = {};
  for (const p of paramParts) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const name = p.slice(0, eq).trim().toLowerCase();
    if (name && !(name in params)) params[name] = unquote(p.slice(eq + 1));
  }
  return { type: (typePart ?? '').trim().toLowerCase(), params };
}
