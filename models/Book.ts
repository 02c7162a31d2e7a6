import { auditDeletions, BaseModel, belongsToOne } from '../lib';
import { Author } from './Author';

export class Book extends BaseModel {
  static override tableName = 'books';
  // Every deleted row, cascades included, goes into the audit trail.
  static override deleteHooks = [auditDeletions];

  declare id: number;
  declare author_id: number;
  declare title: string;

  declare author?: Author;

  // Validates input; the migration owns the schema (title varchar(200)).
  static override jsonSchema = {
    type: 'object',
    required: ['title'],
    properties: {
      id: { type: 'integer' },
      author_id: { type: 'integer' },
      title: { type: 'string', minLength: 1, maxLength: 200 },
    },
  };

  static override relationMappings = () => ({
    author: belongsToOne(Author, { from: 'books.author_id', to: 'authors.id', inverse: 'books' }),
  });
}
