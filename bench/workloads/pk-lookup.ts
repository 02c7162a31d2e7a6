import { Product } from '../../models';
import { normalize } from '../harness/normalize';
import { roundsWorkload } from '../harness/rounds';
import { seededRandom } from '../harness/stats';
import type { Workload } from '../harness/workload';
import { MikroProductSchema } from '../orms/mikro-orm-entities';
import { PlainProduct } from '../orms/objection-models';
import { ProductSchema } from '../orms/typeorm-entities';
import { loadShops } from './fixtures';
import { PRODUCT } from './shapes';

const PRODUCTS_PER_SHOP = 100;

/** Ids seeded by the round, so that every contender of a round reads the same ones. */
export function randomIds(seed: number, count: number, max: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Math.floor(random() * max) + 1);
}

/** `find` for each id, one after the other, as a request handler reads them. */
export async function eachId<T>(ids: number[], find: (id: number) => PromiseLike<T>): Promise<T[]> {
  const found: T[] = [];
  for (const id of ids) found.push(await find(id));
  return found;
}

/** `reads` primary-key reads, one at a time, of random rows of a `rows`-row table. */
export function pkLookup({
  rows,
  reads,
  reducedFrom,
}: {
  rows: number;
  reads: number;
  reducedFrom?: string;
}): Workload {
  return roundsWorkload<number[]>({
    name: reducedFrom ? `pk-lookup-${reads}` : 'pk-lookup',
    reducedFrom,
    load: (ctx) => loadShops(ctx, Math.ceil(rows / PRODUCTS_PER_SHOP), PRODUCTS_PER_SHOP),
    prepare: (_ctx, round) => randomIds(round, reads, rows),
    contenders: {
      layer: (_ctx, ids) => eachId(ids, (id) => Product.query().findById(id)),
      objection: (_ctx, ids) => eachId(ids, (id) => PlainProduct.query().findById(id)),
      knex: ({ knex }, ids) => eachId(ids, (id) => knex('products').where('id', id).first()),
      driver: ({ driver }, ids) => {
        const find = driver.prepare('select * from products where id = ?');
        return eachId(ids, async (id) => (await find([id]))[0]);
      },
      kysely: ({ kysely: { db } }, ids) =>
        eachId(ids, (id) =>
          db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst(),
        ),
      drizzle: ({ drizzle }, ids) => eachId(ids, (id) => drizzle.productById(id)),
      // A unit of work per read, as per request: one shared identity map would answer repeated
      // ids without a query.
      mikroorm: ({ mikroorm }, ids) =>
        eachId(ids, (id) => mikroorm.em.fork().findOne(MikroProductSchema, id)),
      sequelize: ({ sequelize }, ids) => eachId(ids, (id) => sequelize.Product.findByPk(id)),
      typeorm: ({ typeorm }, ids) => {
        const products = typeorm.getRepository(ProductSchema);
        return eachId(ids, (id) => products.findOneBy({ id }));
      },
    },
    outcome: (_ctx, found) => normalize(found, PRODUCT, 'input'),
  });
}
