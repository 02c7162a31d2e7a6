import { Shop } from '../../models';
import type { BenchContext } from '../harness/context';
import { type Shape, normalize } from '../harness/normalize';
import { roundsWorkload } from '../harness/rounds';
import type { Workload } from '../harness/workload';
import { inDriverTransaction } from '../orms/driver';
import { MikroShopSchema } from '../orms/mikro-orm-entities';
import { PlainShop } from '../orms/objection-models';
import { type ShopEntity, ShopSchema } from '../orms/typeorm-entities';
import { resetTables } from './fixtures';
import { driverInsertIds, knexInsertIds, kyselyInsertIds } from './hand-written';
import { nest } from './nest';
import { assembled, type NewShop, newShops, stampedRowsOf } from './new-shops';

const INSERTED: Shape = {
  columns: { id: 'number', name: 'string' },
  relations: {
    products: { columns: { id: 'number', shop_id: 'number', name: 'string', price: 'number' } },
  },
};

// Every contender stamps rows its own way; the stored rows must have the stamps, in any format.
const STORED: Shape = {
  columns: { id: 'number', name: 'string', created_at: 'present', updated_at: 'present' },
  relations: {
    products: {
      columns: {
        id: 'number',
        shop_id: 'number',
        name: 'string',
        price: 'number',
        created_at: 'present',
        updated_at: 'present',
      },
    },
  },
};

export async function storedShops(ctx: BenchContext, shape: Shape) {
  const shops = await ctx.knex('shops').orderBy('id');
  return normalize(
    nest(shops, await ctx.knex('products').orderBy('id'), 'shop_id', 'products'),
    shape,
    'id',
  );
}

/** Enough shops to run every contender's insert path; the full graph costs TypeORM seconds. */
const WARMUP_SHOPS = 10;

/** `shops` new shops with `perShop` new products each, inserted as one graph in one transaction. */
export function graphInsert({
  shops,
  perShop,
  reducedFrom,
}: {
  shops: number;
  perShop: number;
  reducedFrom?: string;
}): Workload {
  return roundsWorkload<NewShop[]>({
    name: `graph-insert-${shops}x${perShop}`,
    reducedFrom,
    async prepare(ctx, _round, isSmallWarmup) {
      await resetTables(ctx, ['order_items', 'products', 'shops']);
      return newShops(isSmallWarmup ? Math.min(WARMUP_SHOPS, shops) : shops, perShop);
    },
    contenders: {
      layer: (_ctx, graph) => Shop.query().insertGraph(graph),
      objection: (_ctx, graph) =>
        PlainShop.transaction(async (trx) => PlainShop.query(trx).insertGraph(graph)),
      knex: ({ knex, dialect: { insertLimits } }, graph) =>
        knex.transaction(async (trx) => {
          const rows = stampedRowsOf(graph);
          const shopIds = await knexInsertIds(trx, insertLimits, 'shops', rows.shops);
          const productIds = await knexInsertIds(
            trx,
            insertLimits,
            'products',
            rows.products(shopIds),
          );
          return assembled(graph, shopIds, productIds);
        }),
      driver: ({ driver, dialect: { insertLimits } }, graph) =>
        inDriverTransaction(driver, async () => {
          const rows = stampedRowsOf(graph);
          const shopIds = await driverInsertIds(driver, insertLimits, 'shops', rows.shops);
          const productIds = await driverInsertIds(
            driver,
            insertLimits,
            'products',
            rows.products(shopIds),
          );
          return assembled(graph, shopIds, productIds);
        }),
      kysely: ({ kysely: { db }, dialect: { insertLimits } }, graph) =>
        db.transaction().execute(async (trx) => {
          const rows = stampedRowsOf(graph);
          const shopIds = await kyselyInsertIds(trx, insertLimits.parameters, 'shops', rows.shops);
          const productIds = await kyselyInsertIds(
            trx,
            insertLimits.parameters,
            'products',
            rows.products(shopIds),
          );
          return assembled(graph, shopIds, productIds);
        }),
      drizzle: ({ drizzle }, graph) => drizzle.insertShops(graph),
      // The unit of work: create the entities, then one flush inserts them in batches.
      mikroorm: async ({ mikroorm }, graph) => {
        const em = mikroorm.em.fork();
        const created = graph.map((shop) => em.create(MikroShopSchema, shop as never));
        await em.flush();
        return created;
      },
      sequelize: ({ sequelize: { sequelize, Shop: SqShop, Product } }, graph) =>
        sequelize.transaction((transaction) =>
          SqShop.bulkCreate(graph as never[], {
            include: [{ model: Product, as: 'products' }],
            validate: true,
            transaction,
          }),
        ),
      typeorm: ({ typeorm }, graph) =>
        typeorm.transaction((manager) => manager.save(ShopSchema, graph as ShopEntity[])),
    },
    outcome: async (ctx, returned) => ({
      returned: normalize(returned, INSERTED, 'input'),
      stored: await storedShops(ctx, STORED),
    }),
  });
}
