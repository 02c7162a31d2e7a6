import { expect } from 'chai';
import type { UpsertGraphOptions } from 'objection';
import { BaseModel, recordQueries } from '../../lib';
import { setBasedUpsertRefusal } from '../../lib/graph/upsert/coverage';
import { describeEachDialect } from '../support/database';

class Setting extends BaseModel {
  static override tableName = 'spec_settings';
  static override hasTimestamps = false;
  static override jsonAttributes = ['value'];

  declare id: number;
  declare value: unknown;
  declare amount: number;
}

// The layer's own set-based upsert, and Objection's, which it leaves the options it does not
// cover to (noInsert here).
const PATHS: Array<[name: string, options: UpsertGraphOptions]> = [
  ['the set-based upsert', {}],
  ['Objection’s upsert', { noInsert: true }],
];

// Objection 3.1.5 compares a row's values with the given ones loosely, so a JSON array or object
// that loosely equals the current plain value (false and [], 0 and [0]) is not written
// (objection#1874).
describeEachDialect(
  'Objection fixes | an upsert writes JSON values that only loosely equal the row’s',
  (db) => {
    before(async () => {
      await db.knex.schema.dropTableIfExists(Setting.tableName);
      await db.knex.schema.createTable(Setting.tableName, (table) => {
        table.increments('id');
        if (db.dialect.name === 'postgres') table.jsonb('value');
        else table.json('value');
        table.decimal('amount', 10, 2).notNullable().defaultTo(0);
      });
    });

    after(async () => {
      await db.knex.schema.dropTable(Setting.tableName);
    });

    for (const [path, options] of PATHS) {
      it(`${path}: false → [], [] → false, 0 → [0] are written`, async () => {
        const changes: Array<[before: unknown, after: unknown]> = [
          [false, []],
          [[], false],
          [0, [0]],
          [{ a: 1 }, { a: '1' }],
        ];
        for (const [id, [before]] of changes.entries()) {
          await Setting.query().insert({ id: id + 1, value: before });
        }
        const graph = changes.map(([, after], id) =>
          Setting.fromJson({ id: id + 1, value: after }),
        );
        expect(setBasedUpsertRefusal(Setting.query(), graph, options) === undefined).to.equal(
          path === 'the set-based upsert',
        );

        await Setting.query().upsertGraph(graph, options);

        const stored = await Setting.query().orderBy('id');
        expect(stored.map((setting) => setting.value)).to.deep.equal(
          changes.map(([, after]) => after),
        );
      });

      it(`${path}: a number given as its text is no change, and sends no update`, async () => {
        await Setting.query().insert({ id: 1, value: null, amount: 2.5 });

        const { queries } = await recordQueries(db.knex, () =>
          Setting.query().upsertGraph({ id: 1, amount: '2.50' as unknown as number }, options),
        );

        expect(queries.some((query) => /^update/.test(query.sql))).to.equal(false);
      });
    }
  },
);
