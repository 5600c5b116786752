/**
 * The database types of each role, composed from the tables each feature declares beside its
 * code. Add a feature's tables here with one intersection.
 */
import type { DeidTables } from '../dicom/deid/deid.tables.js';
import type { NodeTables } from '../hub/nodes/nodes.tables.js';
import type { OrganisationTables } from '../hub/organisation/organisation.tables.js';
import type { SearchTables } from '../hub/search/search.tables.js';
import type { CatalogueTables } from '../hub/catalogue/catalogue.tables.js';
import type { DatasetTables } from '../node/datasets/datasets.tables.js';
import type { AuditTables } from '../audit/audit.tables.js';
import type { IdentityTables } from '../hub/identity/identity.tables.js';
import type { TermsTables } from '../hub/terms/terms.tables.js';
import type { IndexTables } from '../node/index/index.tables.js';
import type { IngestTables } from '../node/ingest/ingest.tables.js';
import type { DicomwebTables } from '../node/dicomweb/dicomweb.tables.js';
import type { NodeIdentityTables } from '../node/tunnel/node-identity.tables.js';
import type { PrivacyTables } from '../node/privacy/privacy.tables.js';
import type { NotificationTables } from '../hub/notifications/notifications.tables.js';
import type { AccessTables } from '../hub/access/access.tables.js';
import type { RelayTables } from '../node/relay/relay.tables.js';
import type { JobTables } from '../hub/jobs/jobs.tables.js';
import type { NodeJobTables } from '../node/jobs/jobs.tables.js';

export type NodeDB = IndexTables &
  IngestTables &
  DatasetTables &
  DeidTables &
  DicomwebTables &
  NodeIdentityTables &
  AuditTables &
  PrivacyTables &
  RelayTables &
  NodeJobTables;

export type HubDB = OrganisationTables &
  NodeTables &
  IdentityTables &
  AccessTables &
  TermsTables &
  AuditTables &
  CatalogueTables &
  SearchTables &
  NotificationTables &
  JobTables;
