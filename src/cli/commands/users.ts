/**
 * `cie users add` and `cie users list`: manage hub accounts from the shell — how the first admin
 * of a new hub is made. The password is read from stdin (one line), never from the command line.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { listUsers } from '../../hub/admin/admin.service.js';
import { email as emailSchema, newPassword } from '../../hub/http/schemas.js';
import { createLocalUser } from '../../hub/identity/identity.service.js';
import type { GrantedRole } from '../../hub/identity/identity.tables.js';
import { setRoles } from '../../hub/identity/user.repository.js';
import { CieError } from '../../errors.js';
import { configFor, openHubDatabase, printResult } from '../context.js';

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

const rolesSchema = z.array(z.enum(['admin', 'committee']));

export function registerUsersCommands(program: Command): void {
  const users = program.command('users').description("the hub's user accounts");

  users
    .command('add')
    .description('create a local hub account; the password is read from stdin')
    .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
    .requiredOption('--name <name>', 'display name')
    .option('--role <roles>', 'comma-separated roles to grant: admin, committee', '')
    .action(async (opts: { email: string; name: string; role: string }, cmd: Command) => {
      const mail = emailSchema.safeParse(opts.email);
      if (!mail.success)
        throw new CieError('VALIDATION_FAILED', `--email: ${opts.email} is not an e-mail address`);
      const roles = rolesSchema.safeParse(opts.role.split(',').filter(Boolean));
      if (!roles.success)
        throw new CieError('VALIDATION_FAILED', `--role: use admin and/or committee, not "${opts.role}"`);
      const password = await readStdinLine();
      const pw = newPassword.safeParse(password);
      if (!pw.success)
        throw new CieError('VALIDATION_FAILED', 'the password on stdin must be 10-256 characters');
      const d = await openHubDatabase(configFor(cmd));
      try {
        const id = await createLocalUser(
          d.db,
          { email: mail.data, displayName: opts.name, password },
          null,
          'system',
        );
        await setRoles(d.db, id, 'local', roles.data satisfies GrantedRole[]);
        printResult(
          cmd,
          { id, email: mail.data, roles: roles.data },
          () => `created user ${id} <${mail.data}>`,
        );
      } finally {
        await d.close();
      }
    });

  users
    .command('list')
    .description('list hub accounts')
    .option('--limit <n>', 'how many', '100')
    .action(async (opts: { limit: string }, cmd: Command) => {
      const d = await openHubDatabase(configFor(cmd));
      try {
        const rows = await listUsers(d.db, { limit: Number(opts.limit) || 100, offset: 0 });
        printResult(cmd, rows, () =>
          rows
            .map((u) => `${u.id}\t${u.email}\t${u.roles.join(',')}${u.disabled ? '\tdisabled' : ''}`)
            .join('\n'),
        );
      } finally {
        await d.close();
      }
    });
}
