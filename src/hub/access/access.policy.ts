/**
 * Who takes part in an access request: its requester, the access committee (committee members
 * and admins) and the representatives of its datasets' organisations. Nobody else learns that
 * the request exists (404). A DRAFT is the requester's alone until it is submitted.
 */
import { CieError } from '../../errors.js';
import type { UserPrincipal } from '../auth/access.js';
import type { RequestState } from './access.tables.js';

export interface Viewer {
  userId: number;
  isRequester: boolean;
  isCommittee: boolean;
  /** Catalogue entry ids of the request whose organisation the viewer represents. */
  representativeFor: number[];
}

export const isCommittee = (u: UserPrincipal): boolean =>
  u.roles.includes('committee') || u.roles.includes('admin');

export function viewerOf(
  u: UserPrincipal,
  request: { requester_id: number },
  datasets: readonly { catalogueEntryId: number; organisationId: number }[],
): Viewer {
  return {
    userId: u.userId,
    isRequester: Number(request.requester_id) === u.userId,
    isCommittee: isCommittee(u),
    representativeFor: datasets
      .filter((d) => u.representativeOf.includes(d.organisationId))
      .map((d) => d.catalogueEntryId),
  };
}

export const canSee = (v: Viewer, state: RequestState): boolean =>
  v.isRequester || (state !== 'DRAFT' && (v.isCommittee || v.representativeFor.length > 0));

export const notFound = (id: number): CieError =>
  new CieError('NOT_FOUND', `no access request ${id} that you take part in`);

/** The viewer, or 404 when the caller takes no part in the request. */
export function requireParticipant(v: Viewer, id: number, state: RequestState): Viewer {
  if (!canSee(v, state)) throw notFound(id);
  return v;
}

export function requireRequester(v: Viewer, what: string): void {
  if (!v.isRequester) throw new CieError('FORBIDDEN', `only the requester can ${what}`);
}
