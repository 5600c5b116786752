/**
 * The database types of each role, composed from the tables each feature declares beside its
 * code. Add a feature's tables here with one intersection.
 */
import type { OrganisationTables } from '../hub/organisation/organisation.tables.js';
import type { CatalogueTables } from '../hub/catalogue/catalogue.tables.js';
import type { IndexTables } from '../node/index/index.tables.js';
import type { DatasetTables } from '../node/datasets/datasets.tables.js';

export type NodeDB = IndexTables & DatasetTables;

export type HubDB = OrganisationTables & CatalogueTables;
