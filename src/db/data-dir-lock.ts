/**
 * One process per embedded database: PGlite keeps its data in files that two processes would
 * both write (the second one's view goes stale and the data dir ends up unreadable). Opening one
 * takes `<dir>/cie.lock`, created exclusively with the holder's pid and command; a second process
 * is refused with a message naming both, and a lock left by a process that died is taken over.
 */
import { linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { CieError } from '../errors.js';

interface Holder {
  pid: number;
  command: string;
  since: string;
}

export interface DataDirLock {
  release(): void;
}

/** Lock paths this process holds (a second open in the same process is refused too). */
const held = new Set<string>();

function readHolder(path: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number'
      ? { pid: h.pid, command: String(h.command ?? '?'), since: String(h.since ?? '?') }
      : undefined;
  } catch {
    return undefined; // gone, or half written by a process that died while writing it
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // a lock from a previous life of this pid (containers)
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let holderName = 'a cie process';

/** What this process is, as its lock files will name it (`cie node run`: no options, no secrets). */
export function nameLockHolder(command: string): void {
  holderName = command;
}

function refuse(dir: string, h: Holder, what: string): CieError {
  return new CieError(
    'CONFLICT',
    `the data directory ${dir} is in use by process ${h.pid} (${h.command}, since ${h.since}). ` +
      `Two processes must not share an embedded database: ${what}`,
    { pid: h.pid, dataDir: dir },
  );
}

const INSTEAD =
  'stop that process and run one that serves everything the site needs, ' +
  '`cie node run --pacs --dicomweb [--watch <folder>]`, or give each process a PostgreSQL ' +
  'server through DATABASE_URL (several processes may share one).';

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    const me: Holder = { pid: process.pid, command: holderName, since: new Date().toISOString() };
    writeSync(fd, JSON.stringify(me));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Take the lock of an embedded data dir, or throw a CONFLICT naming the process that holds it. */
export function lockDataDir(dir: string): DataDirLock {
  const path = join(dir, 'cie.lock');
  if (held.has(path)) {
    throw refuse(dir, { pid: process.pid, command: holderName, since: 'earlier' }, INSTEAD);
  }
  for (let attempt = 0; !tryCreate(path); attempt++) {
    const holder = readHolder(path);
    if (holder && alive(holder.pid)) throw refuse(dir, holder, INSTEAD);
    if (attempt >= 3) throw new CieError('CONFLICT', `could not take the lock ${path}: remove it by hand`);
    // Stale: move it aside atomically (of several takers only one moves this file), then check
    // that what moved is the stale lock and not one a faster taker has just written.
    const grave = `${path}.${process.pid}.stale`;
    try {
      renameSync(path, grave);
    } catch {
      continue; // someone else moved it first: try again
    }
    const moved = readHolder(grave);
    if (moved && alive(moved.pid)) {
      try {
        linkSync(grave, path); // put the live lock back
      } finally {
        unlinkSync(grave);
      }
      throw refuse(dir, moved, INSTEAD);
    }
    unlinkSync(grave);
  }
  held.add(path);
  const onExit = () => release();
  process.once('exit', onExit);
  let released = false;
  function release(): void {
    if (released) return;
    released = true;
    held.delete(path);
    process.off('exit', onExit);
    if (readHolder(path)?.pid === process.pid) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  }
  return { release };
}
