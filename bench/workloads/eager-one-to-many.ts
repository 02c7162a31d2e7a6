import { normalize } from '../harness/normalize';
import { roundsWorkload } from '../harness/rounds';
import type { Workload } from '../harness/workload';
import { MikroShopSchema } from '../orms/mikro-orm-entities';
import { ShopSchema } from '../orms/typeorm-entities';
import { loadShops } from './fixtures';
import { nest } from './nest';
import { SHOP } from './shapes';
import { shopsWithProducts } from './shops-with-products';

/** Every shop with its products: `shops` shops of `perShop` products. */
export function eagerOneToMany({
  shops,
  perShop,
  reducedFrom,
}: {
  shops: number;
  perShop: number;
  reducedFrom?: string;
}): Workload {
  return roundsWorkload({
    name: `eager-1n-${shops}x${perShop}`,
    reducedFrom,
    load: (ctx) => loadShops(ctx, shops, perShop),
    prepare: () => undefined,
    contenders: {
      layer: () => shopsWithProducts.layer(),
      objection: () => shopsWithProducts.objection(),
      knex: ({ knex }) => shopsWithProducts.knex(knex),
      driver: async ({ driver }) => {
        const rows = await driver.prepare('select * from shops order by id')([]);
        const products = await driver.prepare(
          `select * from products where ${driver.isIn('shop_id')}`,
        )([driver.list(rows.map((shop) => shop.id))]);
        return nest(rows, products, 'shop_id', 'products');
      },
      // Kysely's documented way to nest relations: a JSON array built by the database (on
      // SQLite, of the columns named: `json_object` needs them listed).
      kysely: ({ kysely: { db, jsonArrayFrom } }) =>
        db
          .selectFrom('shops')
          .selectAll('shops')
          .select((eb) =>
            jsonArrayFrom(
              eb
                .selectFrom('products')
                .select([
                  'products.id',
                  'products.shop_id',
                  'products.name',
                  'products.price',
                  'products.created_at',
                  'products.updated_at',
                ])
                .whereRef('products.shop_id', '=', 'shops.id')
                .orderBy('products.id'),
            ).as('products'),
          )
          .orderBy('shops.id')
          .execute(),
      drizzle: ({ drizzle }) => drizzle.shopsWithProducts(),
      mikroorm: ({ mikroorm }) =>
        mikroorm.em
          .fork()
          .find(MikroShopSchema, {}, { populate: ['products'], orderBy: { id: 'asc' } }),
      sequelize: ({ sequelize: { Shop: SqShop, Product } }) =>
        SqShop.findAll({
          include: [{ model: Product, as: 'products', separate: true }],
          order: [['id', 'ASC']],
        }),
      typeorm: ({ typeorm }) =>
        typeorm.getRepository(ShopSchema).find({
          relations: { products: true },
          order: { id: 'ASC' },
        }),
    },
    outcome: (_ctx, shopsWithProducts) => normalize(shopsWithProducts, SHOP, 'id'),
  });
}
