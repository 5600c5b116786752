/** The signed-in user, loaded from GET /api/v1/me, shared with every page. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, get } from './api';

export interface Me {
  id: number;
  email: string;
  displayName: string;
  roles: string[];
  representativeOf: number[];
  currentTermsVersion: number | null;
  termsAccepted: boolean;
}

interface SessionValue {
  me: Me | null;
  loading: boolean;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionValue>({ me: null, loading: true, refresh: async () => {} });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const refresh = useCallback(async () => {
    try {
      setMe(await get<Me>('/me'));
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setMe(null);
      else throw e;
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return <SessionContext.Provider value={{ me, loading, refresh }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  return useContext(SessionContext);
}

/** Whether the user has this role; 'representative' means representing at least one organisation. */
export function hasRole(me: Me | null, role: string): boolean {
  if (role === 'representative') return !!me && me.representativeOf.length > 0;
  return !!me && me.roles.includes(role);
}
