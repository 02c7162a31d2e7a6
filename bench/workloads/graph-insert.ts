import { Shop } from '../../models';
import type { BenchContext } from '../harness/context';
import { type Shape, normalize } from '../harness/normalize';
import { roundsWorkload } from '../harness/rounds';
import type { Workload } from '../harness/workload';
import { inDriverTransaction } from '../orms/driver';
import { PlainShop } from '../orms/objection-models';
import { type ShopEntity, ShopSchema } from '../orms/typeorm-entities';
import { priceOf, resetTables } from './fixtures';
import { driverInsertIds, knexInsertIds } from './hand-written';
import { nest } from './nest';

interface NewShop {
  name: string;
  products: Array<{ name: string; price: number }>;
}

function newShops(shops: number, perShop: number): NewShop[] {
  return Array.from({ length: shops }, (_, s) => ({
    name: `Shop ${s + 1}`,
    products: Array.from({ length: perShop }, (_, p) => ({
      name: `Product ${s + 1}.${p + 1}`,
      price: priceOf(s * perShop + p),
    })),
  }));
}

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

/** Rows of a new graph for hand-written inserts, all stamped with the same time. */
function rowsOf(graph: NewShop[]) {
  const now = new Date().toISOString();
  return {
    shops: graph.map(({ name }) => ({ name, created_at: now, updated_at: now })),
    products: (shopIds: number[]) =>
      graph.flatMap((shop, index) =>
        shop.products.map(({ name, price }) => ({
          shop_id: shopIds[index]!,
          name,
          price,
          created_at: now,
          updated_at: now,
        })),
      ),
  };
}

function assembled(graph: NewShop[], shopIds: number[], productIds: number[]) {
  let next = 0;
  return graph.map((shop, index) => ({
    id: shopIds[index],
    name: shop.name,
    products: shop.products.map((product) => ({
      id: productIds[next++],
      shop_id: shopIds[index],
      ...product,
    })),
  }));
}

/** Enough shops to run every contender's insert path; the full graph costs TypeORM seconds. */
const WARMUP_SHOPS = 10;

/** `shops` new shops with `perShop` new products each, inserted as one graph in one transaction. */
export function graphInsert({ shops, perShop }: { shops: number; perShop: number }): Workload {
  return roundsWorkload<NewShop[]>({
    name: `graph-insert-${shops}x${perShop}`,
    async prepare(ctx, _round, isWarmup) {
      await resetTables(ctx, ['order_items', 'products', 'shops']);
      return newShops(isWarmup ? WARMUP_SHOPS : shops, perShop);
    },
    contenders: {
      layer: (_ctx, graph) => Shop.query().insertGraph(graph),
      objection: (_ctx, graph) =>
        PlainShop.transaction(async (trx) => PlainShop.query(trx).insertGraph(graph)),
      knex: ({ knex, dialect: { insertLimits } }, graph) =>
        knex.transaction(async (trx) => {
          const rows = rowsOf(graph);
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
          const rows = rowsOf(graph);
          const shopIds = await driverInsertIds(driver, insertLimits, 'shops', rows.shops);
          const productIds = await driverInsertIds(
            driver,
            insertLimits,
            'products',
            rows.products(shopIds),
          );
          return assembled(graph, shopIds, productIds);
        }),
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
