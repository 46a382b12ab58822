// Time-sortable unique ids: the string order of two ids is the order they were made in this process,
// so an interaction id doubles as a read cursor ("everything after X").
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;
const processTag = randomBytes(3).toString('hex');

export function newId(now: number = Date.now()): string {
  if (now <= lastMs) {
    counter += 1;
  } else {
    lastMs = now;
    counter = 0;
  }
  // 11 base-36 digits cover dates far beyond 2100; the counter keeps same-millisecond ids ordered.
  return `${lastMs.toString(36).padStart(11, '0')}${counter.toString(36).padStart(4, '0')}${processTag}`;
}
