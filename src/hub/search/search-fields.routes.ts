/**
 * `GET /api/v1/search/fields`: the field catalogue a query builder offers (public, like the
 * catalogue it comes from): each field's Lens AST key, name, code system, kind, and either its
 * codes with labels (coded fields) or its smallest value (number fields).
 */
import { access } from '../auth/access.js';
import type { HubApp } from '../app.js';
import { searchFields } from '../../model/search-fields.js';

export interface FieldView {
  key: string;
  name: string;
  system: string;
  kind: 'coded' | 'number';
  scope: 'patient' | 'series';
  codes: Array<{ code: string; label: string }>;
  min: number | null;
}

export function fieldCatalogue(): FieldView[] {
  return [...searchFields.values()].map((f) => ({
    key: f.key,
    name: f.name,
    system: f.system,
    kind: f.kind,
    scope: f.scope,
    codes: [...f.codes].map(([code, label]) => ({ code, label })),
    min: f.min ?? null,
  }));
}

export function registerFieldCatalogueRoute(app: HubApp): void {
  const fields = fieldCatalogue();
  app.get(
    '/api/v1/search/fields',
    {
      schema: { summary: 'the field catalogue of federated search', tags: ['search'] },
      config: { access: access.public },
    },
    () => ({ fields }),
  );
}
