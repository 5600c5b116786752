/**
 * The database types of each role, composed from the tables each feature declares beside its
 * code. Add a feature's tables here with one intersection.
 */
import type { IndexTables } from '../node/index/index.tables.js';

export type NodeDB = IndexTables;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type HubDB = {};
