/**
 * The database types of each role, composed from the tables each feature declares beside its
 * code. Add a feature's tables here with one intersection.
 */
import type { OrganisationTables } from '../hub/organisation/organisation.tables.js';
import type { SearchTables } from '../hub/search/search.tables.js';
import type { IndexTables } from '../node/index/index.tables.js';
import type { PrivacyTables } from '../node/privacy/privacy.tables.js';

export type NodeDB = IndexTables & PrivacyTables;

export type HubDB = OrganisationTables & SearchTables;
