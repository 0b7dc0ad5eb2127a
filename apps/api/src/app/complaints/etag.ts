import type { Response } from 'express';

/** The optional `If-Match` header of every route that changes a complaint (OpenAPI). */
export const IF_MATCH = { name: 'If-Match', required: false, description: 'The complaint version you read (ETag); stale → 412' };

/** Sends the complaint's version as its ETag (every route that answers one complaint). */
export function withEtag<T extends { version: number }>(res: Response, body: T): T {
  res.setHeader('ETag', `"${body.version}"`);
  return body;
}
