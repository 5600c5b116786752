/** The part of jsonld.js (which ships no types) that the catalogue uses. */
declare module 'jsonld' {
  export type JsonLd = Record<string, unknown> | Record<string, unknown>[];
  export interface RemoteDocument {
    contextUrl?: string | null;
    documentUrl: string;
    document: unknown;
  }
  export interface Options {
    documentLoader?: (url: string) => Promise<RemoteDocument>;
    format?: string;
    useNativeTypes?: boolean;
    base?: string;
    safe?: boolean;
  }
  interface JsonLdApi {
    fromRDF(dataset: string, options?: Options): Promise<Record<string, unknown>[]>;
    toRDF(input: unknown, options?: Options): Promise<string>;
    compact(input: unknown, ctx: unknown, options?: Options): Promise<Record<string, unknown>>;
  }
  const jsonld: JsonLdApi;
  export default jsonld;
}
