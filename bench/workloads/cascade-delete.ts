import { In } from 'typeorm';
import { Author } from '../../models';
import { roundsWorkload } from '../harness/rounds';
import type { Workload } from '../harness/workload';
import { PlainAuthor, PlainBook } from '../orms/objection-models';
import { AuthorSchema } from '../orms/typeorm-entities';
import { loadAuthors } from './fixtures';

/**
 * Deleting `authors` authors and their `perAuthor` books each. The layer and the ORMs delete
 * through their declared cascade (hooks run); `knex` and `driver` send one DELETE and let the
 * database's ON DELETE CASCADE remove the books.
 */
export function cascadeDelete({
  authors,
  perAuthor,
}: {
  authors: number;
  perAuthor: number;
}): Workload {
  return roundsWorkload<number[]>({
    name: `cascade-delete-${authors}x${perAuthor}`,
    async prepare(ctx, _round, isWarmup) {
      // Warm-ups delete a tenth: Sequelize's cascade destroys the books one by one.
      const count = isWarmup ? Math.ceil(authors / 10) : authors;
      await loadAuthors(ctx, count, perAuthor);
      return Array.from({ length: count }, (_, index) => index + 1);
    },
    contenders: {
      layer: (_ctx, ids) => Author.query().delete().whereIn('id', ids),
      // Vanilla Objection declares no cascade: the books go first, then the authors.
      objection: (_ctx, ids) =>
        PlainAuthor.transaction(async (trx) => {
          await PlainBook.query(trx).delete().whereIn('author_id', ids);
          return PlainAuthor.query(trx).delete().whereIn('id', ids);
        }),
      knex: ({ knex }, ids) => knex('authors').whereIn('id', ids).delete(),
      driver: ({ driver }, ids) =>
        driver.query(`delete from authors where ${driver.isIn('id')}`, [driver.list(ids)]),
      // Sequelize runs a declared cascade with hooks only for instance destroys.
      sequelize: ({ sequelize: { sequelize, Author: SqAuthor } }, ids) =>
        sequelize.transaction(async (transaction) => {
          const found = await SqAuthor.findAll({ where: { id: ids }, transaction });
          for (const author of found) await author.destroy({ transaction });
          return found.length;
        }),
      typeorm: ({ typeorm }, ids) =>
        typeorm.transaction(async (manager) => {
          const found = await manager.find(AuthorSchema, {
            where: { id: In(ids) },
            relations: { books: true },
          });
          return manager.remove(AuthorSchema, found);
        }),
    },
    outcome: async ({ knex }) => ({
      authors: Number((await knex('authors').count({ count: '*' }))[0]!.count),
      books: Number((await knex('books').count({ count: '*' }))[0]!.count),
    }),
  });
}
