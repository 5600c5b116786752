/**
 * The access workflow as a hub feature (docs/access.md): requests, decisions, the message
 * thread, attachments and grants under /api/v1/access. Notifications go to `ctx.notifier`
 * unless the plugin is made with its own (tests pass a recording one).
 */
import type { HubPlugin } from '../app.js';
import type { Notifier } from '../notifications/notifier.js';
import type { AccessDeps } from './access.deps.js';
import { registerBasketRoutes } from './basket.routes.js';
import { registerGrantRoutes } from './grant.routes.js';
import { registerRequestRoutes } from './request.routes.js';
import { registerThreadRoutes } from './thread.routes.js';

export function createAccessPlugin(opts: { notifier?: Notifier } = {}): HubPlugin {
  return {
    name: 'access',
    register(app, ctx) {
      const deps: AccessDeps = { db: ctx.db, notifier: opts.notifier ?? ctx.notifier, logger: ctx.logger };
      registerRequestRoutes(app, deps);
      registerThreadRoutes(app, deps, ctx.config.attachmentMaxBytes);
      registerGrantRoutes(app, deps);
      registerBasketRoutes(app, deps);
    },
  };
}

export const accessPlugin: HubPlugin = createAccessPlugin();
