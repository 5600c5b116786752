/**
 * The database types of each role, composed from the tables each feature declares beside its
 * code. Add a feature's tables here with one intersection.
 */
import type { DeidTables } from '../dicom/deid/deid.tables.js';
import type { OrganisationTables } from '../hub/organisation/organisation.tables.js';
import type { IndexTables } from '../node/index/index.tables.js';

export type NodeDB = IndexTables & DeidTables;

export type HubDB = OrganisationTables;
