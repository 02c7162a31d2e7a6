import { BaseModel, belongsToOne, hasMany } from '../lib';

/** The README's checked-inverses example: a pair of models whose two ends disagree. */
export async function checkedInverses() {
  // #region readme
  class Library extends BaseModel {
    static override tableName = 'authors';
    static override relationMappings = () => ({
      books: hasMany(Volume, { from: 'authors.id', to: 'books.author_id', inverse: 'library' }),
    });
  }
  class Volume extends BaseModel {
    static override tableName = 'books';
    static override relationMappings = () => ({
      // Wrong: Library.books names this relation as its inverse, but it names another one.
      library: belongsToOne(Library, {
        from: 'books.author_id',
        to: 'authors.id',
        inverse: 'volumes',
      }),
    });
  }

  // The first query of either model checks every relation it reaches, before any SQL is sent:
  // InverseMismatchError (code INVERSE_MISMATCH), "Library.books names Volume.library as its
  // inverse, but Volume.library names Library.volumes".
  const firstQuery = () => Library.query();
  // #endregion
  return { firstQuery };
}
