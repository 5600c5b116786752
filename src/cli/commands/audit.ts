/** `cie audit verify` and `cie audit list`: check and read the hub's or the node's audit log. */
import type { Command } from 'commander';
import { listAudit } from '../../audit/audit.repository.js';
import { verifyAuditChain } from '../../audit/verify.js';
import { CieError } from '../../errors.js';
import { configFor, openHubDatabase, openNodeDatabase, printResult } from '../context.js';

function openFor(cmd: Command, role: string) {
  const config = configFor(cmd);
  if (role === 'hub') return openHubDatabase(config);
  if (role === 'node') return openNodeDatabase(config);
  throw new CieError('BAD_REQUEST', `--role must be "hub" or "node", not "${role}"`);
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log');

  audit
    .command('verify')
    .description('check that no audit record was edited, removed or reordered (exit 1 if one was)')
    .option('--role <role>', 'whose log: hub or node', 'hub')
    .action(async (opts: { role: string }, cmd: Command) => {
      const d = await openFor(cmd, opts.role);
      try {
        const report = await verifyAuditChain(d.db);
        printResult(cmd, report, () =>
          report.ok
            ? `audit log intact: ${report.records} records, chain verified`
            : [`audit log TAMPERED: ${report.problems.length} problem(s) in ${report.records} records`]
                .concat(report.problems.map((p) => `  seq ${p.seq}: ${p.kind}: ${p.message}`))
                .join('\n'),
        );
        if (!report.ok) process.exitCode = 1;
      } finally {
        await d.close();
      }
    });

  audit
    .command('list')
    .description('print audit records, newest first')
    .option('--role <role>', 'whose log: hub or node', 'hub')
    .option('--actor <actor>', 'only this actor, e.g. user:3')
    .option('--action <action>', 'only this action, or a prefix ending in . or *')
    .option('--outcome <outcome>', 'success, failure or denied')
    .option('--since <time>', 'only records at or after this ISO time')
    .option('--limit <n>', 'how many', '50')
    .action(
      async (
        opts: {
          role: string;
          actor?: string;
          action?: string;
          outcome?: string;
          since?: string;
          limit: string;
        },
        cmd: Command,
      ) => {
        const outcome = opts.outcome;
        if (outcome !== undefined && outcome !== 'success' && outcome !== 'failure' && outcome !== 'denied') {
          throw new CieError('BAD_REQUEST', `--outcome must be success, failure or denied, not "${outcome}"`);
        }
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new CieError('BAD_REQUEST', '--limit must be a positive integer');
        const from = opts.since ? new Date(opts.since) : undefined;
        if (from && Number.isNaN(from.getTime()))
          throw new CieError('BAD_REQUEST', `--since is not a time: ${opts.since}`);
        const d = await openFor(cmd, opts.role);
        try {
          const { records } = await listAudit(d.db, {
            actor: opts.actor,
            action: opts.action,
            outcome,
            from,
            limit,
          });
          printResult(
            cmd,
            records,
            () =>
              records
                .map(
                  (r) =>
                    `${r.seq}\t${r.at.toISOString()}\t${r.outcome}\t${r.actor}\t${r.action}\t${r.target ?? ''}\t${r.ip ?? ''}`,
                )
                .join('\n') || '(no records)',
          );
        } finally {
          await d.close();
        }
      },
    );
}
