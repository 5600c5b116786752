/** The broker's audit records go to the hub's hash-chained audit log (src/audit). */
import type { Kysely } from 'kysely';
import { audit } from '../../audit/audit.js';
import type { HubDB } from '../../db/schema.js';
import type { AuditSink } from './search-broker.service.js';

export function hubAuditSink(db: Kysely<HubDB>): AuditSink {
  return {
    record: async (e) => {
      await audit(db, {
        actor: `user:${e.actorUserId}`,
        action: e.action,
        target: e.target,
        details: e.details,
      });
    },
  };
}
