/**
 * The database types of each role, composed from the tables each feature declares beside its
 * code. Add a feature's tables here with one intersection.
 */
import type { AuditTables } from '../audit/audit.tables.js';
import type { IdentityTables } from '../hub/identity/identity.tables.js';
import type { OrganisationTables } from '../hub/organisation/organisation.tables.js';
import type { TermsTables } from '../hub/terms/terms.tables.js';
import type { IndexTables } from '../node/index/index.tables.js';

export type NodeDB = IndexTables & AuditTables;

export type HubDB = OrganisationTables & IdentityTables & TermsTables & AuditTables;
