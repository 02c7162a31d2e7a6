import { auditDeletions, BaseModel, hasMany } from '../lib';
import { Book } from './Book';

export class Author extends BaseModel {
  static override tableName = 'authors';
  // Every deleted row, cascades included, goes into the audit trail.
  static override deleteHooks = [auditDeletions];

  declare id: number;
  declare name: string;

  declare books?: Book[];

  // Validates input; the migration owns the schema (name varchar(100)).
  static override jsonSchema = {
    type: 'object',
    required: ['name'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', minLength: 1, maxLength: 100 },
    },
  };

  static override relationMappings = () => ({
    books: hasMany(Book, {
      from: 'authors.id',
      to: 'books.author_id',
      inverse: 'author',
      onDelete: 'cascade',
    }),
  });
}
