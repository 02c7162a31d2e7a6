import { BaseModel, belongsToOne, hasMany, recursive } from '../lib';

export class Category extends BaseModel {
  static override tableName = 'categories';

  declare id: number;
  declare name: string;
  declare parent_id: number | null;

  declare parent?: Category | null;
  declare children?: Category[];
  /** Every category below, nested: each one's own `descendants` hold the categories below it. */
  declare descendants?: Category[];
  /** The parent, holding its own parent in `ancestors`, up to the root (null above it). */
  declare ancestors?: Category | null;

  // Validates input; the migration owns the schema (name varchar(50); parent_id nullable).
  static override jsonSchema = {
    type: 'object',
    required: ['name'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', minLength: 1, maxLength: 50 },
      parent_id: { type: ['integer', 'null'] },
    },
  };

  static override relationMappings = () => ({
    parent: belongsToOne(Category, {
      from: 'categories.parent_id',
      to: 'categories.id',
      inverse: 'children',
    }),
    // Deleting a category deletes its whole subtree, in a constant number of statements.
    children: hasMany(Category, {
      from: 'categories.id',
      to: 'categories.parent_id',
      inverse: 'parent',
      onDelete: 'cascade',
    }),
    // Read-only, each loaded with one WITH RECURSIVE statement however deep.
    descendants: recursive(Category, 'children'),
    ancestors: recursive(Category, 'parent'),
  });
}
