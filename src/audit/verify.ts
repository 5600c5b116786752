/**
 * Verifying the audit chain: every record's hash must match its content and the previous
 * record's hash, seqs must run 1, 2, 3 … without gaps, and the chain head must point at the last
 * record. Each problem names the seq where it is found and what it means.
 */
import type { Kysely } from 'kysely';
import { genesisHash, hashRecord, type AuditDb } from './audit.js';
import { toRecord } from './audit.repository.js';
import type { AuditTables } from './audit.tables.js';

export type ChainProblemKind = 'edited' | 'missing' | 'reordered' | 'broken-link' | 'truncated';

export interface ChainProblem {
  seq: number;
  kind: ChainProblemKind;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  /** Records read. */
  records: number;
  /** Seq of the last record according to the chain head. */
  headSeq: number;
  problems: ChainProblem[];
}

const pageSize = 1000;

export async function verifyAuditChain(database: AuditDb): Promise<ChainReport> {
  const db = database as unknown as Kysely<AuditTables>;
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const problems: ChainProblem[] = [];
  let expectedSeq = 1;
  let prevHash = genesisHash;
  let records = 0;
  let after = 0;
  const movedSeqs = new Set<number>();
  for (;;) {
    const page = (
      await db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(pageSize)
        .execute()
    ).map(toRecord);
    for (const r of page) {
      records++;
      if (r.seq !== expectedSeq) {
        const range = r.seq - 1 === expectedSeq ? `${expectedSeq}` : `${expectedSeq}-${r.seq - 1}`;
        problems.push({ seq: expectedSeq, kind: 'missing', message: `record ${range} missing (deleted)` });
      }
      let moved = false;
      if (r.prev_hash !== prevHash) {
        const linked = await db
          .selectFrom('audit_log')
          .select('seq')
          .where('hash', '=', r.prev_hash)
          .executeTakeFirst();
        const linkedSeq = linked ? Number(linked.seq) : undefined;
        if (linkedSeq !== undefined && movedSeqs.has(linkedSeq)) {
          // Follows a record that was moved away from here: a consequence, already reported.
        } else if (linkedSeq !== undefined) {
          moved = true;
          movedSeqs.add(r.seq);
          problems.push({
            seq: r.seq,
            kind: 'reordered',
            message: `record ${r.seq} was moved: it was written after record ${linkedSeq}, not after record ${r.seq - 1}`,
          });
        } else {
          problems.push({
            seq: r.seq,
            kind: 'broken-link',
            message:
              r.seq !== expectedSeq
                ? `record ${r.seq} does not follow the record before it (records deleted)`
                : `record ${r.seq} does not follow record ${r.seq - 1} (record ${r.seq - 1} was rewritten or replaced)`,
          });
        }
      }
      // A moved record's seq changed, so its hash cannot match; "moved" says it all.
      if (!moved && hashRecord(r) !== r.hash) {
        problems.push({
          seq: r.seq,
          kind: 'edited',
          message: `record ${r.seq} was changed after it was written (its hash does not match its content)`,
        });
      }
      expectedSeq = r.seq + 1;
      prevHash = r.hash;
      after = r.seq;
    }
    if (page.length < pageSize) break;
  }
  const headSeq = Number(head.seq);
  if (after !== headSeq || (headSeq > 0 && prevHash !== head.hash)) {
    problems.push({
      seq: Math.min(after + 1, headSeq),
      kind: 'truncated',
      message:
        after < headSeq
          ? `the log ends at record ${after} but the chain head says ${headSeq}: the last records were deleted`
          : `the chain head (record ${headSeq}) does not match the last record ${after}`,
    });
  }
  return { ok: problems.length === 0, records, headSeq, problems };
}
