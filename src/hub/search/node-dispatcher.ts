/**
 * How the search broker reaches nodes. The tunnel implements it with
 * `tunnel.sendTask(nodeId, 'search', {query}, {deadlineMs})`; tests and the one-process demo use
 * `localNodeDispatcher` over real node executors. `send` rejects with CieError NODE_UNAVAILABLE
 * when the node is offline and TIMEOUT when it misses the deadline; anything else is a failure.
 */
import { CieError } from '../../errors.js';
import type { FocusAnswer } from '../../model/search-answer.js';

export interface NodeInfo {
  id: number;
  name: string;
  online: boolean;
}

export interface NodeDispatcher {
  /** Every node a search may go to (registered, not revoked), online or not. */
  nodes(): NodeInfo[] | Promise<NodeInfo[]>;
  send(nodeId: number, query: unknown, deadlineMs: number, signal?: AbortSignal): Promise<FocusAnswer>;
}

export interface LocalNode {
  id: number;
  name: string;
  online: boolean;
  /** The node's search task handler (`searchTaskHandler(deps)`). */
  handle: (payload: unknown) => Promise<FocusAnswer>;
}

/** Nodes running in this process (demo, tests): the task handler is called directly. */
export function localNodeDispatcher(nodes: LocalNode[]): NodeDispatcher {
  return {
    nodes: () => nodes.map(({ id, name, online }) => ({ id, name, online })),
    send: async (nodeId, query) => {
      const node = nodes.find((n) => n.id === nodeId);
      if (!node?.online) throw new CieError('NODE_UNAVAILABLE', `node ${nodeId} is not connected`);
      return node.handle({ query });
    },
  };
}
