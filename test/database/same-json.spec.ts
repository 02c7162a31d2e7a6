import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { demoKnexConfig } from '../../demo';
import { Customer, Shop, User } from '../../models';
import { DIALECTS, sqliteScratchUrl } from '../support/dialects';

/** The JSON of the seeded graphs, without the timestamps (they record when the seed ran). */
async function seededGraphs(knex: Knex) {
  await knex.migrate.latest();
  await knex.seed.run();
  const graphs = [
    await Shop.query(knex).withGraphFetched('products').orderBy('id'),
    await User.query(knex).withGraphFetched('[profile, posts.tags]').orderBy('id'),
    await Customer.query(knex).withGraphFetched('orders.products').orderBy('id'),
  ];
  return JSON.parse(
    JSON.stringify(graphs, (key, value: unknown) =>
      key === 'created_at' || key === 'updated_at' ? undefined : value,
    ),
  ) as unknown;
}

// Both SQLite drivers (their files are always at hand) and PostgreSQL when this run covers it.
const URLS = [
  sqliteScratchUrl('same-json-sqlite3', 'sqlite3'),
  sqliteScratchUrl('same-json-better-sqlite3', 'better-sqlite3'),
  ...DIALECTS.filter((dialect) => dialect.name === 'postgres').map((dialect) => dialect.url),
];

describe('Database | the same data gives the same JSON on every database and driver', () => {
  it('serialises the seeded graphs identically', async () => {
    const [first, ...others] = URLS.map((url) => knexFactory(demoKnexConfig(url)));
    try {
      const expected = await seededGraphs(first!);
      for (const knex of others) expect(await seededGraphs(knex)).to.deep.equal(expected);
    } finally {
      await Promise.all([first!, ...others].map((knex) => knex.destroy()));
    }
  });
});
