/** The part of n3 (which ships no types) that the catalogue uses, typed with RDF/JS. */
declare module 'n3' {
  import type * as RDF from '@rdfjs/types';

  export const DataFactory: {
    namedNode: <I extends string = string>(iri: I) => RDF.NamedNode<I>;
    literal: (value: string, languageOrDatatype?: string | RDF.NamedNode) => RDF.Literal;
    blankNode: (name?: string) => RDF.BlankNode;
    defaultGraph: () => RDF.DefaultGraph;
    quad: (
      subject: RDF.Quad_Subject,
      predicate: RDF.Quad_Predicate,
      object: RDF.Quad_Object,
      graph?: RDF.Quad_Graph,
    ) => RDF.Quad;
  };

  export class Store implements RDF.DatasetCore<RDF.Quad, RDF.Quad> {
    constructor(quads?: RDF.Quad[]);
    readonly size: number;
    add(quad: RDF.Quad): this;
    addQuads(quads: RDF.Quad[]): void;
    delete(quad: RDF.Quad): this;
    has(quad: RDF.Quad): boolean;
    match(
      subject?: RDF.Term | null,
      predicate?: RDF.Term | null,
      object?: RDF.Term | null,
      graph?: RDF.Term | null,
    ): Store;
    getQuads(
      subject: RDF.Term | null,
      predicate: RDF.Term | null,
      object: RDF.Term | null,
      graph: RDF.Term | null,
    ): RDF.Quad[];
    [Symbol.iterator](): Iterator<RDF.Quad>;
  }

  export interface ParserOptions {
    format?: string;
    baseIRI?: string;
  }
  export class Parser {
    constructor(options?: ParserOptions);
    parse(input: string): RDF.Quad[];
  }

  export interface WriterOptions {
    format?: string;
    prefixes?: Record<string, string>;
  }
  export class Writer {
    constructor(options?: WriterOptions);
    addQuads(quads: RDF.Quad[]): void;
    end(done: (error: Error | null, result: string) => void): void;
  }
}
