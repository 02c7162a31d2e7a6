import type { Knex } from 'knex';
import { Shop } from '../../models';
import { PlainShop } from '../orms/objection-models';
import { nest } from './nest';

/** Every shop with its products, as the layer, vanilla Objection and hand-written Knex load them. */
export const shopsWithProducts = {
  layer: () => Shop.query().withGraphFetched('products').orderBy('id'),
  objection: () => PlainShop.query().withGraphFetched('products').orderBy('id'),
  knex: async (knex: Knex) => {
    const shops = await knex('shops').orderBy('id');
    const products = await knex('products').whereIn(
      'shop_id',
      shops.map((shop: { id: number }) => shop.id),
    );
    return nest(shops, products, 'shop_id', 'products');
  },
};

export type ShopsLoader = keyof typeof shopsWithProducts;
