import { AppError } from '../common/app-error';
import type { ListSort } from './dto/list-complaints.query';

/**
 * Keyset position: the sort key of the last row returned and its id. `phase` orders the two runs of
 * the `dueAt` sort: `open` (by due_at ascending) then `closed` (by closed_at descending); the
 * received-at sorts have one run (`all`).
 */
export interface ListCursor {
  sort: ListSort;
  phase: 'open' | 'closed' | 'all';
  key: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(c: ListCursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.phase, c.key, c.id]), 'utf8').toString('base64url');
}

/** 400 for anything that is not a cursor of this sort (tampered, or from another sort order). */
export function decodeCursor(raw: string, sort: ListSort): ListCursor {
  const bad = () => AppError.validation('cursor', 'cursor is not a valid cursor of this sort order');
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(v) || v.length !== 4) throw bad();
  const [s, phase, key, id] = v as unknown[];
  if (s !== sort || !['open', 'closed', 'all'].includes(phase as string)) throw bad();
  if (
    typeof key !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(key) ||
    Number.isNaN(Date.parse(key)) ||
    typeof id !== 'string' ||
    !UUID.test(id)
  )
    throw bad();
  if ((sort === 'dueAt') !== (phase !== 'all')) throw bad();
  return { sort, phase: phase as ListCursor['phase'], key, id };
}
