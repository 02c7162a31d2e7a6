import { Product } from '../../models';
import { normalize } from '../harness/normalize';
import { roundsWorkload } from '../harness/rounds';
import type { Workload } from '../harness/workload';
import { PlainProduct } from '../orms/objection-models';
import { ProductSchema } from '../orms/typeorm-entities';
import { loadShops } from './fixtures';
import { PRODUCT } from './shapes';

const PRODUCTS_PER_SHOP = 100;

/** mulberry32: a tiny seeded generator, so that every contender of a round reads the same ids. */
function randomIds(seed: number, count: number, max: number): number[] {
  let state = seed + 0x6d2b79f5;
  return Array.from({ length: count }, () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % max) + 1;
  });
}

async function eachId<T>(ids: number[], find: (id: number) => PromiseLike<T>): Promise<T[]> {
  const found: T[] = [];
  for (const id of ids) found.push(await find(id));
  return found;
}

/** `reads` primary-key reads, one at a time, of random rows of a `rows`-row table. */
export function pkLookup({ rows, reads }: { rows: number; reads: number }): Workload {
  return roundsWorkload<number[]>({
    name: 'pk-lookup',
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
      sequelize: ({ sequelize }, ids) => eachId(ids, (id) => sequelize.Product.findByPk(id)),
      typeorm: ({ typeorm }, ids) => {
        const products = typeorm.getRepository(ProductSchema);
        return eachId(ids, (id) => products.findOneBy({ id }));
      },
    },
    outcome: (_ctx, found) => normalize(found, PRODUCT, 'input'),
  });
}
