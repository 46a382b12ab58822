// One process per data directory: two NeDB instances on the same files would each compact over the other's writes.
// The lock file holds the owner's pid; a lock left by a process that no longer runs (kill -9, crash) is taken over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../app-error.js';

const LOCK_FILE = 'concierge.lock';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string): boolean {
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Takes the data directory's lock or throws STORE_LOCKED; returns the function that releases it. */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (tryCreate(path)) {
      return () => {
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    }
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue; // Released between our attempt and this read.
    }
    const owner = Number.parseInt(text, 10);
    // No pid yet means its owner is between creating and writing the file: held, not stale.
    if (!(owner > 0) || isRunning(owner)) {
      throw new AppError('STORE_LOCKED', `The data directory ${dataDir} is in use by ${owner > 0 ? `process ${owner}` : 'another process'} (lock file ${path})`, { status: 503 });
    }
    try {
      unlinkSync(path);
    } catch {
      // Another process took over the stale lock first; the next attempt will see its pid.
    }
  }
  throw new AppError('STORE_LOCKED', `Could not lock the data directory ${dataDir}`, { status: 503 });
}
