/**
 * Load data for a page: value, error and a reload function. When the inputs change while a load
 * is in flight, only the latest load's outcome is kept (a slow earlier answer never wins).
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export function useAsync<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const latest = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const v = await run();
      if (ticket !== latest.current) return;
      setValue(v);
      setError(undefined);
    } catch (e) {
      if (ticket !== latest.current) return;
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { value, error, reload };
}
