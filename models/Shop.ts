import { auditDeletions, BaseModel, hasMany } from '../lib';
import { Product } from './Product';

export class Shop extends BaseModel {
  static override tableName = 'shops';
  // Every deleted row, cascades included, goes into the audit trail.
  static override deleteHooks = [auditDeletions];

  declare id: number;
  declare name: string;

  declare products?: Product[];

  // Validates input; the migration owns the schema (name varchar(80), unique).
  static override jsonSchema = {
    type: 'object',
    required: ['name'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', minLength: 1, maxLength: 80 },
    },
  };

  static override relationMappings = () => ({
    products: hasMany(Product, {
      from: 'shops.id',
      to: 'products.shop_id',
      inverse: 'shop',
      onDelete: 'cascade',
    }),
  });
}
