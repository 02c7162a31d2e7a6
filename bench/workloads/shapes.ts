import type { Shape } from '../harness/normalize';

const timestamps = { created_at: 'time', updated_at: 'time' } as const;

export const PRODUCT: Shape = {
  columns: { id: 'number', shop_id: 'number', name: 'string', price: 'number', ...timestamps },
};

export const SHOP: Shape = {
  columns: { id: 'number', name: 'string', ...timestamps },
  relations: { products: PRODUCT },
};

export const TAG: Shape = { columns: { id: 'number', name: 'string', ...timestamps } };

export const POST: Shape = {
  columns: { id: 'number', user_id: 'number', title: 'string', content: 'string', ...timestamps },
  relations: { tags: TAG },
};

export const USER: Shape = {
  columns: { id: 'number', name: 'string', ...timestamps },
  relations: { posts: POST },
};
