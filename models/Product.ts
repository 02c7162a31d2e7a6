import { auditDeletions, BaseModel, belongsToOne, manyToMany, morphMany } from '../lib';
import { Comment } from './Comment';
import { Order } from './Order';
import { Shop } from './Shop';

export class Product extends BaseModel {
  static override tableName = 'products';
  // Every deleted row, cascades included, goes into the audit trail.
  static override deleteHooks = [auditDeletions];
  // Optimistic concurrency: an update from a stale version is refused (STALE_VERSION).
  static override versionColumn = 'version';

  declare id: number;
  declare shop_id: number;
  declare name: string;
  declare price: number;
  declare version: number;

  /** Join-table extras, present when the product is read through `Order.products`. */
  declare quantity?: number;
  declare unit_price?: number;

  declare shop?: Shop;
  declare orders?: Order[];
  declare comments?: Comment[];

  // Validates input; the migration owns the schema (name varchar(80) unique per shop,
  // price decimal(10,2) >= 0).
  static override jsonSchema = {
    type: 'object',
    required: ['name', 'price'],
    properties: {
      id: { type: 'integer' },
      shop_id: { type: 'integer' },
      name: { type: 'string', minLength: 1, maxLength: 80 },
      price: { type: 'number', minimum: 0, maximum: 99999999.99, multipleOf: 0.01 },
      // The version an update starts from; the layer sets the next one.
      version: { type: 'integer', minimum: 1, maximum: 2147483647 },
      // order_items' columns, when the product is written through Order.products.
      quantity: { type: 'integer', minimum: 1, maximum: 2147483647 },
      unit_price: { type: 'number', minimum: 0, maximum: 99999999.99, multipleOf: 0.01 },
    },
  };

  static override relationMappings = () => ({
    shop: belongsToOne(Shop, { from: 'products.shop_id', to: 'shops.id', inverse: 'products' }),
    orders: manyToMany(Order, {
      from: 'products.id',
      through: {
        from: 'order_items.product_id',
        to: 'order_items.order_id',
        extra: ['quantity', 'unit_price'],
      },
      to: 'orders.id',
      inverse: 'products',
      onDelete: 'restrict',
    }),
    comments: morphMany(Comment, {
      from: 'products.id',
      type: 'comments.commentable_type',
      id: 'comments.commentable_id',
      typeValue: 'product',
      inverse: 'commentable',
      onDelete: 'cascade',
    }),
  });
}
