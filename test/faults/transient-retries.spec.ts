import type { Response } from 'supertest';
import { expect } from 'chai';
import type { Knex } from 'knex';
import {
  ConcurrentWriteConflictError,
  DEFAULT_TIMEOUTS,
  recordQueries,
  timeoutsFromEnv,
  unitOfWork,
} from '../../lib';
import { Customer, Order, Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { expectRetryLater, quietKnex } from '../support/faults';
import { request, testApp } from '../support/http';
import { sqliteFileOf } from '../support/dialects';
import { holdWriteLockElsewhere } from '../support/write-lock';

/** Waits until some other session of this database waits for a lock (at most 5 s). */
async function someoneWaitsForALock(knex: Knex): Promise<void> {
  for (let poll = 0; poll < 250; poll += 1) {
    const result: { rows: unknown[] } = await knex.raw(
      `SELECT 1 FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
    );
    if (result.rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no session waited for a lock within 5 s');
}

const countOf = (queries: Array<{ sql: string }>, pattern: RegExp) =>
  queries.filter((query) => pattern.test(query.sql)).length;

// Transient failures, provoked for real: a unit of work the layer owns runs again and succeeds,
// or gives up with a typed error; a caller's own transaction is never run again behind its back.
describeEachDialect('Faults | deadlocks, serialization failures and busy files retried', (db) => {
  beforeEach(() => db.knex.seed.run());

  if (db.dialect.name === 'postgres') {
    /**
     * Deadlocks `remove` (a delete of a shop with its products) with a transaction of the test's
     * own: the test locks a product, `remove` locks the shop and waits for the product, the test
     * asks for the shop. `remove` waited first, so it detects the deadlock and is aborted.
     */
    async function deadlockDeleteOfShop(remove: (shopId: number) => PromiseLike<unknown>) {
      const shop = await Shop.query().insertGraph({
        name: 'Deadlock Deli',
        products: [{ name: 'Pickles', price: 2 }],
      });
      const productId = shop.products![0]!.id;
      let removed: Promise<unknown> | undefined;
      await db.knex.transaction(async (trx) => {
        // Long enough that the other side is always the one that finds the deadlock.
        await trx.raw(`SET LOCAL deadlock_timeout = '10s'`);
        await trx('products').where({ id: productId }).forUpdate();
        // Thenables (a query builder, a supertest request) start when their `then` is called.
        removed = Promise.resolve(remove(shop.id));
        await someoneWaitsForALock(db.knex);
        await trx('shops').where({ id: shop.id }).update({ name: 'Deadlock Deli (renamed)' });
      });
      return { shop, outcome: await removed };
    }

    it('runs a delete the layer owns again after a deadlock, and it deletes once', async () => {
      const { result, queries } = await recordQueries(db.knex, () =>
        deadlockDeleteOfShop((id) => Shop.query().deleteById(id)),
      );

      expect(result.outcome).to.equal(1);
      expect(await Shop.query().findById(result.shop.id)).to.equal(undefined);
      expect(await db.knex('products').where({ shop_id: result.shop.id })).to.deep.equal([]);
      const audited = await db.knex('deletions').where({ table_name: 'products' });
      expect(audited).to.have.length(1);
      // The delete read its targets twice: once in the run the deadlock aborted, once in the next.
      expect(countOf(queries, /^select "shops"\."id" from "shops"/)).to.equal(2);
      expect(queries.filter((query) => query.failed)).to.have.length(1);
    });

    it('runs a request again after a deadlock and answers 204, not 500', async () => {
      const app = testApp(db.knex);

      const { shop, outcome } = await deadlockDeleteOfShop((id) =>
        request(app).delete(`/shops/${id}`),
      );

      expect((outcome as Response).status).to.equal(204);
      expect(await Shop.query().findById(shop.id)).to.equal(undefined);
      expect(
        await db.knex('deletions').where({ table_name: 'shops', row_id: shop.id }),
      ).to.have.length(1);
    });

    it('runs a graph insert again after a deadlock half-way, from the graph as it was given', async () => {
      const productId = (await Product.query().findOne({ name: 'Rice' }).throwIfNotFound()).id;
      const graph = {
        order_number: 'ORD-RETRY',
        products: [{ id: productId, quantity: 2, unit_price: 2.5 }],
      };
      const { result: order, queries } = await recordQueries(db.knex, async () => {
        let inserted: Promise<Order> | undefined;
        await db.knex
          .transaction(async (trx) => {
            await trx.raw(`SET LOCAL deadlock_timeout = '10s'`);
            await trx('products').where({ id: productId }).forUpdate();
            // The insert writes the order, then waits for the product to link it.
            inserted = Promise.resolve(Order.query().insertGraph(graph, { relate: ['products'] }));
            await someoneWaitsForALock(db.knex);
            // The same order number waits for the insert's order: a deadlock, which aborts it.
            await trx('orders').insert({ order_number: 'ORD-RETRY' });
            throw new Error('rolled back, so that the retried insert can commit');
          })
          .catch(() => undefined);
        return inserted!;
      });

      const orders = await db.knex('orders').where({ order_number: 'ORD-RETRY' });
      expect(orders.map((row) => row.id)).to.deep.equal([order.id]);
      expect(await db.knex('order_items').where({ order_id: order.id })).to.have.length(1);
      // Both runs inserted the order as given, without the id the aborted run had set on it.
      const orderInserts = queries.filter((query) => query.model === 'Order').map((q) => q.sql);
      expect(orderInserts).to.deep.equal([
        'insert into "orders" ("created_at", "order_number", "updated_at") values ($1, $2, $3) returning "id"',
        'insert into "orders" ("created_at", "order_number", "updated_at") values ($1, $2, $3) returning "id"',
      ]);
      expect(graph.products[0]).to.deep.equal({ id: productId, quantity: 2, unit_price: 2.5 });
    });

    /**
     * A unit of work that reads shop 1 in a snapshot and renames it, while the test renames it
     * in between on the first `interferences` runs: each of those fails with a serialization
     * failure. Resolves to how many times the work ran, and what the unit of work gave.
     */
    async function renameInSnapshot(interferences: number, attempts: number) {
      let runs = 0;
      const outcome = await unitOfWork(
        db.knex,
        async (trx) => {
          runs += 1;
          await trx('shops').where({ id: 1 }).first();
          if (runs <= interferences) {
            await db
              .knex('shops')
              .where({ id: 1 })
              .update({ name: `Interference ${runs}` });
          }
          await trx('shops').where({ id: 1 }).update({ name: 'Renamed in a snapshot' });
          return 'committed';
        },
        {
          transaction: { isolationLevel: 'repeatable read' },
          retry: { attempts, initialDelayMs: 5, maxDelayMs: 20 },
        },
      ).catch((error: unknown) => error);
      const { name } = await db.knex('shops').where({ id: 1 }).first();
      return { runs, outcome, name: name as string };
    }

    it('runs a unit of work again after a serialization failure, and it commits', async () => {
      expect(await renameInSnapshot(1, 3)).to.deep.equal({
        runs: 2,
        outcome: 'committed',
        name: 'Renamed in a snapshot',
      });
    });

    it('gives up after its attempts with CONCURRENT_WRITE_CONFLICT, having written nothing', async () => {
      const { runs, outcome, name } = await renameInSnapshot(Infinity, 3);

      expect(runs).to.equal(3);
      expect(outcome).to.be.instanceOf(ConcurrentWriteConflictError);
      expect(outcome).to.include({ attempts: 3, statusCode: 409 });
      expect(name).to.equal('Interference 3');
    });

    it("never runs a caller's transaction again: the statement runs once, the error comes out typed", async () => {
      const { result, queries } = await recordQueries(db.knex, () =>
        db.knex
          .transaction(
            async (trx) => {
              await Shop.query(trx).findById(1);
              await db.knex('shops').where({ id: 1 }).update({ name: 'Interference' });
              await Shop.query(trx).patch({ name: 'Renamed' }).where('id', 1);
            },
            { isolationLevel: 'repeatable read' },
          )
          .catch((error: unknown) => error),
      );

      expect(result).to.be.instanceOf(ConcurrentWriteConflictError);
      expect(result).to.include({ attempts: 1 });
      expect(countOf(queries, /^update "shops" set .*"updated_at"/)).to.equal(1);
      expect((await Shop.query().findById(1))?.name).to.equal('Interference');
    });
  }

  if (db.dialect.name === 'sqlite') {
    /** Holds the file's write lock from another process for `ms`, then lets it go. */
    const holdWriteLock = (ms: number) => holdWriteLockElsewhere(sqliteFileOf(db.dialect.url), ms);

    it('runs a graph write the layer owns again while the file is locked, and writes it once', async () => {
      const { released } = await holdWriteLock(timeoutsFromEnv().busyMs + 300);

      const { queries } = await recordQueries(db.knex, () =>
        Shop.query().insertGraph({ name: 'Busy Bakery', products: [{ name: 'Rye', price: 4 }] }),
      );
      await released;

      expect(countOf(queries, /^BEGIN IMMEDIATE;$/)).to.equal(2);
      expect(await db.knex('shops').where({ name: 'Busy Bakery' })).to.have.length(1);
      expect(await db.knex('products').where({ name: 'Rye' })).to.have.length(1);
    });

    it('runs a single statement again while the file is locked, and inserts once', async () => {
      const { released } = await holdWriteLock(timeoutsFromEnv().busyMs + 300);

      const { result, queries } = await recordQueries(db.knex, () =>
        Customer.query().insert({ name: 'Patient Pat' }),
      );
      await released;

      expect(result.name).to.equal('Patient Pat');
      expect(countOf(queries, /^insert into `customers`/)).to.equal(2);
      expect(await db.knex('customers').where({ name: 'Patient Pat' })).to.have.length(1);
    });

    it('answers 503 DATABASE_BUSY with Retry-After once the lock outlasts the retries, writing nothing', async function () {
      this.timeout(30_000);
      const impatient = quietKnex(db.dialect.url, { ...DEFAULT_TIMEOUTS, busyMs: 50 });
      try {
        const before = await db.knex('customers').count({ n: '*' }).first();
        const { released } = await holdWriteLock(1500);

        const response = await request(testApp(impatient)).post('/customers').send({ name: 'Eve' });
        await released;

        expectRetryLater(response, 'DATABASE_BUSY');
        expect(await db.knex('customers').count({ n: '*' }).first()).to.deep.equal(before);
      } finally {
        await impatient.destroy();
      }
    });
  }
});
