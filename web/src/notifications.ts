/** In-app notifications (GET /api/v1/notifications…) and the unread count the header shows. */
import { useEffect, useState } from 'react';
import { get } from './api';

export interface NotificationView {
  id: number;
  kind: string;
  subject: string;
  text: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

const changed = 'cie-notifications-changed';
/** Tell the bell to refresh now (after marking read). */
export const notificationsChanged = () => window.dispatchEvent(new Event(changed));

/** The unread count, refreshed every 20 s and when notifications change; null when signed out. */
export function useUnreadCount(signedIn: boolean): number | null {
  const [n, setN] = useState<number | null>(null);
  useEffect(() => {
    if (!signedIn) return setN(null);
    let live = true;
    const load = () =>
      void get<{ unread: number }>('/notifications/unread-count')
        .then((r) => live && setN(r.unread))
        .catch(() => {});
    load();
    const t = setInterval(load, 20_000);
    window.addEventListener(changed, load);
    return () => {
      live = false;
      clearInterval(t);
      window.removeEventListener(changed, load);
    };
  }, [signedIn]);
  return n;
}
