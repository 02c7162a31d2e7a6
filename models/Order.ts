import { auditDeletions, BaseModel, belongsToOne, manyToMany } from '../lib';
import { Customer } from './Customer';
import { Product } from './Product';

export class Order extends BaseModel {
  static override tableName = 'orders';
  // Every deleted row, cascades included, goes into the audit trail.
  static override deleteHooks = [auditDeletions];
  // A delete keeps the row; the order history survives a customer's delete, as deleted rows.
  static override softDelete = { column: 'deleted_at', deletionColumn: 'deletion_id' };

  declare id: number;
  declare customer_id: number | null;
  declare order_number: string;
  declare deleted_at?: string | null;
  declare deletion_id?: string | null;

  /** Join-table extras, present when the order is read through `Product.orders`. */
  declare quantity?: number;
  declare unit_price?: number;

  declare customer?: Customer | null;
  declare products?: Product[];

  // Validates input; the migration owns the schema (order_number varchar(10), unique among the
  // live orders; customer_id nullable for guest orders).
  static override jsonSchema = {
    type: 'object',
    required: ['order_number'],
    properties: {
      id: { type: 'integer' },
      customer_id: { type: ['integer', 'null'] },
      order_number: { type: 'string', minLength: 1, maxLength: 10 },
      // order_items' columns, when the order is written through Product.orders.
      quantity: { type: 'integer', minimum: 1, maximum: 2147483647 },
      unit_price: { type: 'number', minimum: 0, maximum: 99999999.99, multipleOf: 0.01 },
    },
  };

  static override relationMappings = () => ({
    customer: belongsToOne(Customer, {
      from: 'orders.customer_id',
      to: 'customers.id',
      inverse: 'orders',
    }),
    // Removing an order removes its order_items rows; the products stay.
    products: manyToMany(Product, {
      from: 'orders.id',
      through: {
        from: 'order_items.order_id',
        to: 'order_items.product_id',
        extra: ['quantity', 'unit_price'],
      },
      to: 'products.id',
      inverse: 'orders',
      onDelete: 'unrelate',
    }),
  });
}
