/** Kysely types of the hub's settings and organisation tables (migration 0001-hub). */
import type { ColumnType, Generated } from 'kysely';

export interface HubSettingTable {
  key: string;
  value: unknown;
}

export interface OrganisationTable {
  id: Generated<number>;
  /** URL-safe short name, e.g. "oslo-uh". */
  slug: string;
  name: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  kind: Generated<'provider' | 'platform'>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface OrganisationTables {
  hub_setting: HubSettingTable;
  organisation: OrganisationTable;
}
