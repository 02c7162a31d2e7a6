import { In } from 'typeorm';
import { roundsWorkload } from '../harness/rounds';
import type { Workload } from '../harness/workload';
import { MikroAuthorSchema } from '../orms/mikro-orm-entities';
import { PlainAuthor, PlainBook } from '../orms/objection-models';
import { AuthorSchema } from '../orms/typeorm-entities';
import { UnauditedAuthor } from '../orms/unaudited-models';
import { authorsAndBooksLeft } from './audit-trail';
import { loadAuthors } from './fixtures';

/**
 * Deleting `authors` authors and their `perAuthor` books each, without an audit trail. The layer
 * (on models without delete hooks) and the ORMs delete through their declared cascade (their
 * hooks could run); `knex`, `driver` and the query builders send one DELETE and let the
 * database's ON DELETE CASCADE remove the books.
 */
export function cascadeDeleteNoAudit({
  authors,
  perAuthor,
  reducedFrom,
}: {
  authors: number;
  perAuthor: number;
  reducedFrom?: string;
}): Workload {
  return roundsWorkload<number[]>({
    name: `cascade-delete-no-audit-${authors}x${perAuthor}`,
    reducedFrom,
    async prepare(ctx, _round, isSmallWarmup) {
      // A slow peer's warm-ups delete a tenth: Sequelize's cascade destroys the books one by one.
      const count = isSmallWarmup ? Math.ceil(authors / 10) : authors;
      await loadAuthors(ctx, count, perAuthor);
      return Array.from({ length: count }, (_, index) => index + 1);
    },
    contenders: {
      layer: (_ctx, ids) => UnauditedAuthor.query().delete().whereIn('id', ids),
      // Vanilla Objection declares no cascade: the books go first, then the authors.
      objection: (_ctx, ids) =>
        PlainAuthor.transaction(async (trx) => {
          await PlainBook.query(trx).delete().whereIn('author_id', ids);
          return PlainAuthor.query(trx).delete().whereIn('id', ids);
        }),
      knex: ({ knex }, ids) => knex('authors').whereIn('id', ids).delete(),
      driver: ({ driver }, ids) =>
        driver.query(`delete from authors where ${driver.isIn('id')}`, [driver.list(ids)]),
      kysely: ({ kysely: { db } }, ids) =>
        db.deleteFrom('authors').where('id', 'in', ids).execute(),
      drizzle: ({ drizzle }, ids) => drizzle.deleteAuthors(ids),
      // The unit of work: load the authors with their books, remove them, one flush deletes.
      mikroorm: async ({ mikroorm }, ids) => {
        const em = mikroorm.em.fork();
        const found = await em.find(MikroAuthorSchema, { id: ids }, { populate: ['books'] });
        em.remove(found);
        await em.flush();
        return found.length;
      },
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
    outcome: ({ knex }) => authorsAndBooksLeft(knex),
  });
}
