import { auditDeletions, BaseModel, hasMany, hasManyThrough } from '../lib';
import { Order } from './Order';
import { Product } from './Product';

export class Customer extends BaseModel {
  static override tableName = 'customers';
  // Every deleted row, cascades included, goes into the audit trail.
  static override deleteHooks = [auditDeletions];
  // A delete keeps the row (and its orders' rows): restore() brings them back.
  static override softDelete = { column: 'deleted_at', deletionColumn: 'deletion_id' };

  declare id: number;
  declare name: string;
  declare deleted_at?: string | null;
  declare deletion_id?: string | null;

  declare orders?: Order[];
  /** Read-only: the products on the customer's orders, once per order that has them. */
  declare purchasedProducts?: Product[];

  // Validates input; the migration owns the schema (name varchar(50)).
  static override jsonSchema = {
    type: 'object',
    required: ['name'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', minLength: 1, maxLength: 50 },
    },
  };

  static override relationMappings = () => ({
    // cascade: a customer's soft delete soft-deletes its orders, and its restore restores them;
    // a hard delete removes them.
    orders: hasMany(Order, {
      from: 'customers.id',
      to: 'orders.customer_id',
      inverse: 'customer',
      onDelete: 'cascade',
    }),
    purchasedProducts: hasManyThrough(Product, { through: 'orders', source: 'products' }),
  });
}
