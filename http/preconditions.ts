import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { PreconditionFailedError } from '../lib';
import { matchesStrongly, parseEtagCondition, rowEtag } from './etags';
import type { Resource } from './resources';

/**
 * Refuses a write whose `If-Match` names no current ETag of the row (RFC 9110 §13.1.1): the row
 * is read and locked (`FOR UPDATE`; SQLite runs one write transaction at a time) in the write's
 * own transaction, so no other write can change it between this check and the write, and a
 * refusal leaves nothing written. `If-Match: *` asks only that the row exist; a weak tag never
 * matches. Without `If-Match` the write is unconditional.
 */
export async function refuseUnlessIfMatch(
  req: Request,
  resource: Resource,
  trx: Knex.Transaction,
  id: number,
): Promise<void> {
  const header = req.get('if-match');
  if (header === undefined) return;
  const row = await resource.model.query(trx).findById(id).forUpdate();
  const condition = parseEtagCondition(header);
  if (row && matchesStrongly(condition, rowEtag(resource, row.toJSON()))) return;
  throw new PreconditionFailedError(resource.model.name, id);
}

/** Sends a written row with its new ETag, the one a next `If-Match` names. */
export function sendWithEtag(res: Response, resource: Resource, row: object): void {
  res.set('ETag', rowEtag(resource, row as Record<string, unknown>)).json(row);
}
