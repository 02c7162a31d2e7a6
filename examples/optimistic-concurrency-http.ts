import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { allModels } from '../demo';
import { createApp } from '../http';

/** The README's optimistic-concurrency example over HTTP: a stale If-Match is a 412. */
export async function staleIfMatchRefused(knex: Knex, productId: number) {
  const server = createApp({ knex, models: allModels }).listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // #region readme
    const read = await fetch(`${api}/products/${productId}`);
    const etag = read.headers.get('ETag')!; // "v1"

    // Someone else changes the product in the meantime: its ETag is "v2" now.
    await fetch(`${api}/products/${productId}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ price: 2.75 }),
    });

    const stale = await fetch(`${api}/products/${productId}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': etag },
      body: JSON.stringify({ price: 3 }),
    });
    // 412 { code: 'PRECONDITION_FAILED', … }: nothing written, the price stays 2.75
    // #endregion
    return { etag, status: stale.status, problem: (await stale.json()) as { code: string } };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
