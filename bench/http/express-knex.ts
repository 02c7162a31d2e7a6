import express, { type Express, type Request } from 'express';
import type { Knex } from 'knex';

type Row = Record<string, unknown>;

// What a careful developer writes by hand for the two routes the benchmark loads: Knex queries,
// one for the products of every shop on the page, stitched in JS, and the same JSON as the
// layer's API (numbers as numbers, timestamps in ISO 8601, products ordered by id).

const SHOP_COLUMNS = ['id', 'name', 'created_at', 'updated_at'];
const PRODUCT_COLUMNS = ['id', 'shop_id', 'name', 'price', 'created_at', 'updated_at', 'version'];

const WITH_ZONE = /(Z|[+-]\d{2}(:?\d{2})?)$/;

/** A timestamp as ISO 8601: a Date, text with a zone, or SQLite's UTC text without one. */
function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  return new Date(WITH_ZONE.test(text) ? text : `${text.replace(' ', 'T')}Z`).toISOString();
}

function shopJson(shop: Row, products?: Row[]): Row {
  const json: Row = {
    id: shop.id,
    name: shop.name,
    created_at: iso(shop.created_at),
    updated_at: iso(shop.updated_at),
  };
  if (products) json.products = products;
  return json;
}

function productJson(product: Row): Row {
  return {
    id: product.id,
    shop_id: product.shop_id,
    name: product.name,
    price: Number(product.price),
    created_at: iso(product.created_at),
    updated_at: iso(product.updated_at),
    version: Number(product.version),
  };
}

async function withProducts(knex: Knex, shops: Row[], include: boolean): Promise<Row[]> {
  if (!include) return shops.map((shop) => shopJson(shop));
  const products: Row[] = shops.length
    ? await knex('products')
        .select(PRODUCT_COLUMNS)
        .whereIn(
          'shop_id',
          shops.map((shop) => shop.id as number),
        )
        .orderBy('id')
    : [];
  const byShop = new Map<unknown, Row[]>(shops.map((shop) => [shop.id, []]));
  for (const product of products) byShop.get(product.shop_id)!.push(productJson(product));
  return shops.map((shop) => shopJson(shop, byShop.get(shop.id)));
}

function integer(value: unknown, fallback: number): number {
  const parsed = typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(parsed) && parsed >= 0 ? parsed : fallback;
}

const includesProducts = (req: Request) => req.query.include === 'products';

/** `GET /shops` and `GET /shops/:id`, with `?include=products`, on `knex`. */
export function expressKnexApp(knex: Knex): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/shops', async (req, res) => {
    const limit = Math.min(integer(req.query.limit, 20), 100);
    const offset = integer(req.query.offset, 0);
    const [{ total }] = (await knex('shops').count({ total: '*' })) as [{ total: unknown }];
    const shops: Row[] = await knex('shops')
      .select(SHOP_COLUMNS)
      .orderBy('id')
      .limit(limit)
      .offset(offset);
    const data = await withProducts(knex, shops, includesProducts(req));
    res.json({ data, total: Number(total), limit, offset });
  });
  app.get('/shops/:id', async (req, res) => {
    const shop: Row | undefined = await knex('shops')
      .select(SHOP_COLUMNS)
      .where('id', Number(req.params.id))
      .first();
    if (!shop) {
      res.status(404).json({ title: 'Not Found' });
      return;
    }
    const [json] = await withProducts(knex, [shop], includesProducts(req));
    res.json(json);
  });
  return app;
}
