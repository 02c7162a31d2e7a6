import { expect } from 'chai';
import { type BenchContext, openBenchContext } from '../../bench/harness/context';
import type { Measurement, Workload } from '../../bench/harness/workload';
import { cascadeDelete } from '../../bench/workloads/cascade-delete';
import { eagerOneToMany } from '../../bench/workloads/eager-one-to-many';
import { eagerTwoLevels } from '../../bench/workloads/eager-two-levels';
import { graphInsert } from '../../bench/workloads/graph-insert';
import { graphUpsert } from '../../bench/workloads/graph-upsert';
import { httpGetShop, httpListShops } from '../../bench/workloads/http-shops';
import { memoryEager } from '../../bench/workloads/memory';
import { pkLookup } from '../../bench/workloads/pk-lookup';
import { describeEachDialect } from '../support/database';

// Every workload once, at a small size, every contender: the harness stops on any contender
// whose result differs from the layer's, so these tests check results, and the statement
// counts guard against N+1 queries. Times are never asserted.
describeEachDialect('Benchmark | every workload runs, agrees and keeps its query count', (db) => {
  let ctx: BenchContext | undefined;

  before(async () => {
    ctx = await openBenchContext(db.dialect.url, db.knex);
  });

  after(async () => {
    await ctx?.close();
  });

  async function statements(workload: Workload): Promise<Record<string, number>> {
    const measurements: Measurement[] = await workload.run(ctx!, { rounds: 1, warmup: 0 });
    expect(measurements.map((m) => m.contender)).to.include.members(['layer', 'knex']);
    return Object.fromEntries(measurements.map((m) => [m.contender, m.queries]));
  }

  it('pk-lookup: one statement per read', async () => {
    const sent = await statements(pkLookup({ rows: 300, reads: 25 }));

    expect(sent).to.include({ layer: 25, objection: 25, knex: 25, driver: 25 });
  });

  it('eager-1n: shops with their products in 2 statements, whatever the size', async () => {
    const small = await statements(eagerOneToMany({ shops: 3, perShop: 2 }));
    const larger = await statements(eagerOneToMany({ shops: 12, perShop: 5 }));

    for (const sent of [small, larger]) expect(sent).to.include({ layer: 2, knex: 2, driver: 2 });
  });

  it('eager-2level: users, posts and tags in 3 statements, whatever the size', async () => {
    const small = await statements(eagerTwoLevels({ users: 2, postsPerUser: 2, tagsPerPost: 2 }));
    const larger = await statements(eagerTwoLevels({ users: 6, postsPerUser: 4, tagsPerPost: 3 }));

    for (const sent of [small, larger]) expect(sent).to.include({ layer: 3, knex: 3, driver: 3 });
  });

  it('graph-insert: BEGIN, one INSERT per table and COMMIT, whatever the size', async () => {
    const small = await statements(graphInsert({ shops: 2, perShop: 2 }));
    const larger = await statements(graphInsert({ shops: 10, perShop: 6 }));

    for (const sent of [small, larger]) expect(sent).to.include({ layer: 4, knex: 4, driver: 4 });
  });

  it('graph-upsert: the layer’s statements do not grow with the rows, unlike Objection’s', async () => {
    const small = await statements(graphUpsert({ shops: 4, perShop: 10 }));
    const larger = await statements(graphUpsert({ shops: 20, perShop: 10 }));

    expect(larger.layer).to.equal(small.layer);
    expect(larger.objection!).to.be.greaterThan(small.objection!);
    for (const sent of [small, larger]) expect(sent).to.include({ knex: 6, driver: 6 });
  });

  it('cascade-delete: the layer’s statements do not grow with the rows', async () => {
    const small = await statements(cascadeDelete({ authors: 2, perAuthor: 3 }));
    const larger = await statements(cascadeDelete({ authors: 6, perAuthor: 10 }));

    expect(larger.layer).to.equal(small.layer);
    expect(larger).to.include({ knex: 1, driver: 1 });
  });

  // Both servers answer the same JSON (the workload stops otherwise); `queries` is per request.
  it('http-get-shop: both servers answer a shop with its products in a fixed number of statements', async () => {
    const load = { perShop: 3, seconds: 0.2, connections: 2 };
    const small = await statements(httpGetShop({ ...load, shops: 2 }));
    const larger = await statements(httpGetShop({ ...load, shops: 30 }));

    // The layer reads the shop and its products in one join: one statement needs no transaction.
    expect(larger).to.deep.equal(small);
    expect(small).to.deep.equal({ layer: 1, knex: 2 });
  });

  it('http-list-shops: both servers answer a page of shops in a fixed number of statements', async () => {
    const load = { perShop: 2, seconds: 0.2, connections: 2 };
    const small = await statements(httpListShops({ ...load, shops: 3 }));
    const larger = await statements(httpListShops({ ...load, shops: 40 }));

    // The total, the page and its products, and the layer's BEGIN and COMMIT.
    expect(larger).to.deep.equal(small);
    expect(small).to.deep.equal({ layer: 5, knex: 3 });
  });

  it('memory: the layer, Objection and Knex load the same shops in 2 statements', async () => {
    const sent = await statements(memoryEager({ shops: 5, perShop: 4, runs: 1, isolated: false }));

    expect(sent).to.deep.equal({ layer: 2, objection: 2, knex: 2 });
  });
});
