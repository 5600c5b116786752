/**
 * Absolute IRIs as RFC 3987 defines them (`IRI` production, section 2.2): what may appear between
 * `<` and `>` in Turtle or as an `@id` in JSON-LD. A WHATWG URL parser accepts far more (spaces,
 * `<`, `>`, `"`, `{`, backslashes…, fixed up silently), and a writer that trusted such a string
 * would let it end an IRI early and start a triple of its own.
 *
 * @example
 * isIri('https://example.org/a?b=c#d') // true
 * isIri('https://example.org/x> <https://other/ds') // false
 */
import { z } from 'zod';

const ucschar =
  '\\u{A0}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFEF}\\u{10000}-\\u{1FFFD}\\u{20000}-\\u{2FFFD}' +
  '\\u{30000}-\\u{3FFFD}\\u{40000}-\\u{4FFFD}\\u{50000}-\\u{5FFFD}\\u{60000}-\\u{6FFFD}' +
  '\\u{70000}-\\u{7FFFD}\\u{80000}-\\u{8FFFD}\\u{90000}-\\u{9FFFD}\\u{A0000}-\\u{AFFFD}' +
  '\\u{B0000}-\\u{BFFFD}\\u{C0000}-\\u{CFFFD}\\u{D0000}-\\u{DFFFD}\\u{E1000}-\\u{EFFFD}';
const iprivate = '\\u{E000}-\\u{F8FF}\\u{F0000}-\\u{FFFFD}\\u{100000}-\\u{10FFFD}';
const unreserved = `A-Za-z0-9\\-._~${ucschar}`;
const subDelims = "!$&'()*+,;=";
const pct = '%[0-9A-Fa-f]{2}';
const ipchar = `(?:[${unreserved}${subDelims}:@]|${pct})`;
const userinfo = `(?:[${unreserved}${subDelims}:]|${pct})*`;
const ipLiteral = `\\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\\.[A-Za-z0-9\\-._~${subDelims}:]+)\\]`;
const regName = `(?:[${unreserved}${subDelims}]|${pct})*`;
const authority = `(?:${userinfo}@)?(?:${ipLiteral}|${regName})(?::[0-9]*)?`;
const segment = `${ipchar}*`;
const hierPart =
  `(?://${authority}(?:/${segment})*` + // authority + path-abempty
  `|/(?:${ipchar}+(?:/${segment})*)?` + // path-absolute
  `|${ipchar}+(?:/${segment})*` + // path-rootless
  `|)`; // path-empty
const query = `(?:${ipchar}|[${iprivate}/?])*`;
const fragment = `(?:${ipchar}|[/?])*`;
const iriPattern = new RegExp(
  `^[A-Za-z][A-Za-z0-9+\\-.]*:${hierPart}(?:\\?${query})?(?:#${fragment})?$`,
  'u',
);

/** Longest IRI accepted anywhere (a bound on the regular expression's work). */
export const maxIriLength = 4096;

export function isIri(value: string): boolean {
  return value.length <= maxIriLength && iriPattern.test(value);
}

export const iriMessage =
  'must be a valid IRI (RFC 3987): no spaces, quotes, angle brackets, braces, backslashes or control characters; percent-encode them';

/** A zod check for string schemas: `z.url().check(validIri)`. */
export const validIri = z.refine<string>(isIri, { message: iriMessage });
