import type { Knex } from 'knex';
import { type Kysely, sql } from 'kysely';
import { Op } from 'sequelize';
import { Shop } from '../../models';
import type { BenchContext } from '../harness/context';
import type { Shape } from '../harness/normalize';
import { roundsWorkload } from '../harness/rounds';
import type { Workload } from '../harness/workload';
import { type Driver, inDriverTransaction } from '../orms/driver';
import type { KyselyTables } from '../orms/kysely-database';
import { MikroShopSchema } from '../orms/mikro-orm-entities';
import { PlainShop } from '../orms/objection-models';
import { type ShopEntity, ShopSchema } from '../orms/typeorm-entities';
import { loadShops, priceOf } from './fixtures';
import { storedShops } from './graph-insert';
import { driverInsertIds, knexInsertIds, kyselyInsertIds } from './hand-written';
import { type ProductChanges, type WantedShop, changesOf } from './product-changes';

/**
 * What the shops should look like after the upsert: of the products, 10 % get a new price,
 * 5 % are gone, and every other shop gets a new one (5 %).
 */
function wantedShops(shops: number, perShop: number): WantedShop[] {
  return Array.from({ length: shops }, (_, s) => {
    const products: WantedShop['products'] = [];
    for (let p = 0; p < perShop; p++) {
      const index = s * perShop + p;
      if (index % 20 === 7) continue;
      const price =
        index % 10 === 3 ? Math.round(priceOf(index) * 100 + 100) / 100 : priceOf(index);
      products.push({ id: index + 1, name: `Product ${s + 1}.${p + 1}`, price });
    }
    if (s % 2 === 0) products.push({ name: `Product ${s + 1}.new`, price: 9.99 });
    return { id: s + 1, name: `Shop ${s + 1}`, products };
  });
}

const STORED: Shape = {
  columns: { id: 'number', name: 'string' },
  relations: {
    products: { columns: { id: 'number', shop_id: 'number', name: 'string', price: 'number' } },
  },
};

async function currentProducts(knex: Knex, wanted: WantedShop[]) {
  return knex('products').whereIn(
    'shop_id',
    wanted.map((shop) => shop.id),
  );
}

/** One UPDATE for all changed rows: `SET price = CASE id WHEN … THEN … END`. */
function caseOf(changed: ProductChanges['changed'], column: 'name' | 'price') {
  const cast = column === 'price' ? 'CAST(? AS DECIMAL(10, 2))' : '?';
  return {
    sql: `CASE id ${changed.map(() => `WHEN ? THEN ${cast}`).join(' ')} END`,
    bindings: changed.flatMap((product) => [product.id, product[column]]),
  };
}

async function knexUpsert({ knex, dialect: { insertLimits } }: BenchContext, wanted: WantedShop[]) {
  return knex.transaction(async (trx) => {
    const changes = changesOf(wanted, await currentProducts(trx, wanted));
    const now = new Date().toISOString();
    if (changes.changed.length > 0) {
      const name = caseOf(changes.changed, 'name');
      const price = caseOf(changes.changed, 'price');
      await trx('products')
        .whereIn(
          'id',
          changes.changed.map((product) => product.id),
        )
        .update({
          name: trx.raw(name.sql, name.bindings),
          price: trx.raw(price.sql, price.bindings),
          updated_at: now,
        });
    }
    if (changes.dropped.length > 0) await trx('products').whereIn('id', changes.dropped).delete();
    const rows = changes.added.map((product) => ({ ...product, created_at: now, updated_at: now }));
    return knexInsertIds(trx, insertLimits, 'products', rows);
  });
}

async function driverUpsert(
  driver: Driver,
  { insertLimits }: BenchContext['dialect'],
  wanted: WantedShop[],
) {
  return inDriverTransaction(driver, async () => {
    const current = await driver.prepare(`select * from products where ${driver.isIn('shop_id')}`)([
      driver.list(wanted.map((shop) => shop.id)),
    ]);
    const changes = changesOf(wanted, current);
    const now = new Date().toISOString();
    if (changes.changed.length > 0) {
      const name = caseOf(changes.changed, 'name');
      const price = caseOf(changes.changed, 'price');
      await driver.query(
        `update products set name = ${name.sql}, price = ${price.sql}, updated_at = ? where ${driver.isIn('id')}`,
        [...name.bindings, ...price.bindings, now, driver.list(changes.changed.map((p) => p.id))],
      );
    }
    if (changes.dropped.length > 0) {
      await driver.query(`delete from products where ${driver.isIn('id')}`, [
        driver.list(changes.dropped),
      ]);
    }
    const rows = changes.added.map((product) => ({ ...product, created_at: now, updated_at: now }));
    return driverInsertIds(driver, insertLimits, 'products', rows);
  });
}

/** The same with Kysely: its `sql` template writes the CASE, which its builder has no batch form of. */
async function kyselyUpsert(db: Kysely<KyselyTables>, parameters: number, wanted: WantedShop[]) {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('products')
      .selectAll()
      .where(
        'shop_id',
        'in',
        wanted.map((shop) => shop.id),
      )
      .execute();
    const changes = changesOf(wanted, current);
    const now = new Date().toISOString();
    if (changes.changed.length > 0) {
      const whens = (column: 'name' | 'price') =>
        sql.join(
          changes.changed.map((product) =>
            column === 'price'
              ? sql`when ${product.id} then cast(${product.price} as decimal(10, 2))`
              : sql`when ${product.id} then ${product.name}`,
          ),
          sql` `,
        );
      await trx
        .updateTable('products')
        .set({
          name: sql<string>`case id ${whens('name')} end`,
          price: sql<number>`case id ${whens('price')} end`,
          updated_at: now,
        })
        .where(
          'id',
          'in',
          changes.changed.map((product) => product.id),
        )
        .execute();
    }
    if (changes.dropped.length > 0) {
      await trx.deleteFrom('products').where('id', 'in', changes.dropped).execute();
    }
    const rows = changes.added.map((product) => ({ ...product, created_at: now, updated_at: now }));
    return kyselyInsertIds(trx, parameters, 'products', rows);
  });
}

/** 100 shops of 10 products brought to a new state in one graph upsert. */
export function graphUpsert({
  shops,
  perShop,
  reducedFrom,
}: {
  shops: number;
  perShop: number;
  reducedFrom?: string;
}): Workload {
  return roundsWorkload<WantedShop[]>({
    name: reducedFrom ? `graph-upsert-10pct-${shops}x${perShop}` : 'graph-upsert-10pct',
    reducedFrom,
    async prepare(ctx) {
      await loadShops(ctx, shops, perShop);
      return wantedShops(shops, perShop);
    },
    contenders: {
      layer: (_ctx, wanted) => Shop.query().upsertGraph(wanted),
      objection: (_ctx, wanted) =>
        PlainShop.transaction(async (trx) => PlainShop.query(trx).upsertGraph(wanted)),
      knex: (ctx, wanted) => knexUpsert(ctx, wanted),
      driver: (ctx, wanted) => driverUpsert(ctx.driver, ctx.dialect, wanted),
      kysely: ({ kysely: { db }, dialect }, wanted) =>
        kyselyUpsert(db, dialect.insertLimits.parameters, wanted),
      drizzle: ({ drizzle }, wanted) => drizzle.upsertShops(wanted),
      // The unit of work: load the shops with their products, assign the wanted state (missing
      // products leave the collection and, as orphans, are deleted), then one flush.
      mikroorm: async ({ mikroorm }, wanted) => {
        const em = mikroorm.em.fork();
        const shops = await em.find(
          MikroShopSchema,
          { id: wanted.map((shop) => shop.id) },
          { populate: ['products'] },
        );
        const byId = new Map(wanted.map((shop) => [shop.id, shop]));
        for (const shop of shops) em.assign(shop, byId.get(shop.id)! as never);
        await em.flush();
      },
      sequelize: ({ sequelize: { sequelize, Product } }, wanted) =>
        sequelize.transaction(async (transaction) => {
          const current = await Product.findAll({
            where: { shop_id: { [Op.in]: wanted.map((shop) => shop.id) } },
            raw: true,
            transaction,
          });
          const changes = changesOf(wanted, current as unknown as Array<Record<string, unknown>>);
          const byId = new Map(
            current.map((product) => [(product as unknown as { id: number }).id, product]),
          );
          await Product.bulkCreate(
            changes.changed.map((product) => ({ ...(byId.get(product.id) as object), ...product })),
            { updateOnDuplicate: ['name', 'price', 'updated_at'], validate: true, transaction },
          );
          await Product.destroy({ where: { id: { [Op.in]: changes.dropped } }, transaction });
          return Product.bulkCreate(changes.added, { validate: true, transaction });
        }),
      typeorm: ({ typeorm }, wanted) =>
        typeorm.transaction((manager) => manager.save(ShopSchema, wanted as ShopEntity[])),
    },
    outcome: (ctx) => storedShops(ctx, STORED),
  });
}
