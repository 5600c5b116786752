/**
 * SHACL validation of exported records against the published shapes: DCAT-AP 3.0.1 (shapes and
 * range classes) for every record, plus HealthDCAT-AP for NON_PUBLIC datasets. The shapes are
 * read from the repository's sibling `shared/reference` folder (CI puts it beside the clone) or
 * from CIE_REFERENCE_DIR; nothing is fetched (the HealthDCAT-AP owl:imports of DCAT-AP is
 * satisfied by loading both files).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as RDF from '@rdfjs/types';
import { Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { CieError } from '../../errors.js';

export type ShapeSet = 'dcat-ap' | 'healthdcat-ap';

const shapeFiles: Record<ShapeSet, string[]> = {
  'dcat-ap': ['dcat-ap/dcat-ap-3.0.1-SHACL.ttl', 'dcat-ap/dcat-ap-3.0.1-ranges.ttl'],
  'healthdcat-ap': [
    'dcat-ap/dcat-ap-3.0.1-SHACL.ttl',
    'dcat-ap/dcat-ap-3.0.1-ranges.ttl',
    'healthdcat-ap/healthdcat-ap-shapes.ttl',
  ],
};

/** The reference folder: CIE_REFERENCE_DIR, else the nearest `shared/reference` up the tree. */
export function referenceDir(): string {
  const fromEnv = process.env.CIE_REFERENCE_DIR;
  if (fromEnv) return resolve(fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared', 'reference');
    if (existsSync(join(candidate, 'dcat-ap'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new CieError(
    'IO_FAILED',
    'cannot find the SHACL shapes: set CIE_REFERENCE_DIR to the shared/reference folder',
  );
}

const validators = new Map<ShapeSet, SHACLValidator>();

function validatorFor(set: ShapeSet): SHACLValidator {
  let v = validators.get(set);
  if (!v) {
    const shapes = new Store();
    for (const f of shapeFiles[set]) {
      shapes.addQuads(
        new Parser({ format: 'text/turtle' }).parse(readFileSync(join(referenceDir(), f), 'utf8')),
      );
    }
    // Every import is already in `shapes`; answering with an empty graph keeps the validator offline.
    v = new SHACLValidator(shapes, { importGraph: () => new Store() });
    validators.set(set, v);
  }
  return v;
}

export interface ShaclViolation {
  focusNode: string;
  path: string | undefined;
  message: string;
}

/** Validate triples against a shape set; returns the violations (empty when the data conforms). */
export async function validateShacl(quads: RDF.Quad[], set: ShapeSet): Promise<ShaclViolation[]> {
  const report = await validatorFor(set).validate(new Store(quads));
  return report.results
    .filter((r) => r.severity.value === 'http://www.w3.org/ns/shacl#Violation')
    .map((r) => ({
      focusNode: r.focusNode.value,
      path: r.path?.value,
      message:
        r.message.map((m) => m.value).join('; ') ||
        `violates ${r.sourceConstraintComponent.value.split('#')[1] ?? ''}`,
    }));
}
