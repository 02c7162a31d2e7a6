import { belongsToOne, hasMany } from '../../lib';
import { Author, Book } from '../../models';

// The project's authors and books without their delete hook (the audit trail), for
// `cascade-delete-no-audit-*`: the same tables, validation and declared cascade.

export class UnauditedAuthor extends Author {
  static override deleteHooks = [];

  static override relationMappings = () => ({
    books: hasMany(UnauditedBook, {
      from: 'authors.id',
      to: 'books.author_id',
      inverse: 'author',
      onDelete: 'cascade',
    }),
  });
}

export class UnauditedBook extends Book {
  static override deleteHooks = [];

  static override relationMappings = () => ({
    author: belongsToOne(UnauditedAuthor, {
      from: 'books.author_id',
      to: 'authors.id',
      inverse: 'books',
    }),
  });
}
