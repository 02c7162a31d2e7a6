import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { demoKnexConfig } from '../../demo';
import { bindModels } from '../../lib';
import { CONTENDERS, SLOW_PEERS } from '../../bench/harness/contenders';
import { type BenchContext, openBenchContext } from '../../bench/harness/context';
import { rowsOf } from '../../bench/harness/results';
import { median } from '../../bench/harness/stats';
import type { Measurement, Workload } from '../../bench/harness/workload';
import { cascadeDelete } from '../../bench/workloads/cascade-delete';
import { cascadeDeleteNoAudit } from '../../bench/workloads/cascade-delete-no-audit';
import { eagerOneToMany } from '../../bench/workloads/eager-one-to-many';
import { eagerTwoLevels } from '../../bench/workloads/eager-two-levels';
import { graphInsert } from '../../bench/workloads/graph-insert';
import { graphUpsert } from '../../bench/workloads/graph-upsert';
import { httpGetShop, httpListShops } from '../../bench/workloads/http-shops';
import { memoryEager } from '../../bench/workloads/memory';
import { pkLookup } from '../../bench/workloads/pk-lookup';
import { polymorphicEager } from '../../bench/workloads/polymorphic-eager';
import { describeEachDialect } from '../support/database';
import { sqliteDriverOf, sqliteScratchUrl } from '../support/dialects';

// Every workload once, at a small size, every contender: the harness stops on any contender
// whose result differs from the first one's of the round, so these tests check results, and the
// statement counts guard against N+1 queries. Times are never asserted.
describeEachDialect('Benchmark | every workload runs, agrees and keeps its query count', (db) => {
  let ctx: BenchContext | undefined;
  let ownKnex: Knex | undefined;

  // On SQLite the benchmark gets a file of its own: better-sqlite3 (Kysely, Drizzle) and
  // MikroORM's copy of sqlite3 link SQLite libraries of their own, which do not see the suite's
  // file locks in this process; closing them could remove the WAL under the suite's connection.
  before(async () => {
    if (db.dialect.name === 'sqlite') {
      const url = sqliteScratchUrl('benchmark', sqliteDriverOf(db.dialect));
      ownKnex = knexFactory(demoKnexConfig(url));
      await ownKnex.migrate.latest();
      ctx = await openBenchContext(url, ownKnex);
    } else {
      ctx = await openBenchContext(db.dialect.url, db.knex);
    }
  });

  // The suite binds the models to its own database before each test; the benchmark's are these.
  beforeEach(() => {
    bindModels(ctx!.knex);
  });

  after(async () => {
    await ctx?.close();
    await ownKnex?.destroy();
  });

  async function measure(workload: Workload): Promise<Measurement[]> {
    const measurements = await workload.run(ctx!, { rounds: 2, warmup: 1 });
    for (const { samples } of measurements) expect(samples).to.have.lengthOf(2);
    return measurements;
  }

  /**
   * The median statements of each contender. On SQLite a rounds workload also runs the layer on
   * better-sqlite3 (`layer-bsqlite`), which must send the same statements as the layer on
   * sqlite3: checked here, and left out of what the tests compare. The HTTP and memory workloads
   * measure their own way, on the context's knex only.
   */
  async function statements(
    workload: Workload,
    { isRounds = true } = {},
  ): Promise<Record<string, number>> {
    const measurements = await measure(workload);
    const { 'layer-bsqlite': onBetterSqlite3, ...sent } = Object.fromEntries(
      measurements.map((m) => [m.contender, median(m.samples.map((s) => s.statements))]),
    );
    const runsOnBothDrivers = db.dialect.name === 'sqlite' && isRounds && 'layer' in sent;
    expect(onBetterSqlite3, 'layer-bsqlite').to.equal(runsOnBothDrivers ? sent.layer : undefined);
    return sent;
  }

  const ALL = CONTENDERS.filter((name) => name !== 'layer-bsqlite');
  const contendersOf = (sent: Record<string, number>) => Object.keys(sent).sort();

  it('pk-lookup: every contender, one statement per read (Sequelize on SQLite: two)', async () => {
    const sent = await statements(pkLookup({ rows: 300, reads: 25 }));

    expect(contendersOf(sent)).to.deep.equal([...ALL].sort());
    for (const contender of ALL.filter((name) => name !== 'sequelize')) {
      expect(sent[contender], contender).to.equal(25);
    }
    // Sequelize reads `PRAGMA table_info` before each SELECT on SQLite.
    expect(sent.sequelize).to.equal(db.dialect.name === 'sqlite' ? 50 : 25);
  });

  it("the slow peers run only the first rounds, and pair with knex's turns beside theirs", async () => {
    const workload = pkLookup({ rows: 300, reads: 10 });
    const measurements = await workload.run(ctx!, { rounds: 3, warmup: 0, slowPeerRounds: 1 });
    const rows = rowsOf(workload, db.dialect.name, measurements);

    for (const { contender, samples } of measurements) {
      const expected = SLOW_PEERS.includes(contender) ? 1 : 3;
      expect(samples, contender).to.have.lengthOf(expected);
    }
    const typeorm = rows.find((row) => row.contender === 'typeorm')!;
    expect(typeorm.rounds).to.equal(1);
    expect(typeorm.knex_beside).to.have.lengthOf(1);
    expect(typeorm.vs_knex!.cpu.median).to.equal(
      typeorm.samples[0]!.cpu_ms / typeorm.knex_beside![0]!.cpu_ms,
    );
  });

  it('polymorphic-eager: comments with their owners in 1 + 1 per type, whatever the size', async () => {
    const small = await statements(polymorphicEager({ comments: 10, owners: 10 }));
    const large = await statements(polymorphicEager({ comments: 200, owners: 20 }));

    expect(contendersOf(small)).to.deep.equal(['knex', 'layer']);
    expect(small).to.deep.equal({ layer: 3, knex: 3 });
    expect(large).to.deep.equal(small);
  });

  it('eager-1n: shops with their products in a fixed number of statements, whatever the size', async () => {
    const small = await statements(eagerOneToMany({ shops: 3, perShop: 2 }));
    const larger = await statements(eagerOneToMany({ shops: 12, perShop: 5 }));

    expect(contendersOf(small)).to.deep.equal([...ALL].sort());
    expect(larger).to.deep.equal(small);
    expect(small).to.include({ layer: 2, knex: 2, driver: 2, kysely: 1, drizzle: 1, mikroorm: 1 });
  });

  it('eager-2level: users, posts and tags in a fixed number of statements, whatever the size', async () => {
    const small = await statements(eagerTwoLevels({ users: 2, postsPerUser: 2, tagsPerPost: 2 }));
    const larger = await statements(eagerTwoLevels({ users: 6, postsPerUser: 4, tagsPerPost: 3 }));

    expect(contendersOf(small)).to.deep.equal([...ALL].sort());
    expect(larger).to.deep.equal(small);
    expect(small).to.include({ layer: 3, knex: 3, driver: 3, kysely: 1, drizzle: 1, mikroorm: 1 });
  });

  it('graph-insert: BEGIN, one INSERT per table and COMMIT, whatever the size', async () => {
    const small = await statements(graphInsert({ shops: 2, perShop: 2 }));
    const larger = await statements(graphInsert({ shops: 10, perShop: 6 }));

    expect(contendersOf(small)).to.deep.equal([...ALL].sort());
    for (const sent of [small, larger]) {
      expect(sent).to.include({ layer: 4, knex: 4, driver: 4, kysely: 4, drizzle: 4, mikroorm: 4 });
    }
  });

  it('graph-upsert: the statements of the layer and the peers do not grow with the rows, unlike Objection’s', async () => {
    const small = await statements(graphUpsert({ shops: 4, perShop: 10 }));
    const larger = await statements(graphUpsert({ shops: 20, perShop: 10 }));

    expect(contendersOf(small)).to.deep.equal([...ALL].sort());
    for (const contender of ['layer', 'kysely', 'drizzle', 'mikroorm']) {
      expect(larger[contender], contender).to.equal(small[contender]);
    }
    expect(larger.objection!).to.be.greaterThan(small.objection!);
    for (const sent of [small, larger]) {
      expect(sent).to.include({ knex: 6, driver: 6, kysely: 6, drizzle: 6 });
    }
  });

  it('cascade-delete: the layer and hand-written Knex write the same audit trail, in statements that do not grow with the rows', async () => {
    const small = await statements(cascadeDelete({ authors: 2, perAuthor: 3 }));
    const larger = await statements(cascadeDelete({ authors: 6, perAuthor: 10 }));

    expect(contendersOf(small)).to.deep.equal(['driver', 'knex', 'layer']);
    expect(larger).to.deep.equal(small);
    // BEGIN, two audit INSERT … SELECTs, two DELETEs, COMMIT; the layer first reads the ids.
    expect(small).to.deep.equal({ layer: 7, knex: 6, driver: 6 });
  });

  it('cascade-delete: the audit trail it compares is the layer’s, row by row', async () => {
    await measure(cascadeDelete({ authors: 2, perAuthor: 3 }));
    const trail = await ctx!.knex('deletions').orderBy('id');

    expect(trail.map((row) => [row.table_name, Number(row.row_id)])).to.deep.equal([
      ['books', 1],
      ['books', 2],
      ['books', 3],
      ['books', 4],
      ['books', 5],
      ['books', 6],
      ['authors', 1],
      ['authors', 2],
    ]);
    expect(JSON.parse(trail[0].row)).to.include({ id: 1, author_id: 1, title: 'Book 1.1' });
  });

  it('cascade-delete-no-audit: the layer walks its cascade in statements that do not grow with the rows; knex sends one DELETE', async () => {
    const trail = async () => Number((await ctx!.knex('deletions').count({ n: '*' }))[0]!.n);
    const trailBefore = await trail();

    const small = await statements(cascadeDeleteNoAudit({ authors: 2, perAuthor: 3 }));
    const larger = await statements(cascadeDeleteNoAudit({ authors: 6, perAuthor: 10 }));

    expect(contendersOf(small)).to.deep.equal([...ALL].sort());
    for (const contender of ['layer', 'objection', 'knex', 'driver', 'kysely', 'drizzle']) {
      expect(larger[contender], contender).to.equal(small[contender]);
    }
    // BEGIN, the targets' ids, the books, the authors, COMMIT.
    expect(small).to.include({ layer: 5, knex: 1, driver: 1, kysely: 1, drizzle: 1 });
    expect(await trail()).to.equal(trailBefore);
  });

  // Both servers answer the same JSON (the workload stops otherwise); `statements` are per request.
  it('http-get-shop: both servers answer a shop with its products in a fixed number of statements', async () => {
    const load = { perShop: 3, seconds: 0.2, connections: 2 };
    const small = await statements(httpGetShop({ ...load, shops: 2 }), { isRounds: false });
    const larger = await statements(httpGetShop({ ...load, shops: 30 }), { isRounds: false });

    // The layer reads the shop and its products in one join: one statement needs no transaction.
    expect(larger).to.deep.equal(small);
    expect(small).to.deep.equal({ layer: 1, knex: 2 });
  });

  it('http-list-shops: both servers answer a page of shops in a fixed number of statements', async () => {
    const load = { perShop: 2, seconds: 0.2, connections: 2 };
    const small = await statements(httpListShops({ ...load, shops: 3 }), { isRounds: false });
    const larger = await statements(httpListShops({ ...load, shops: 40 }), { isRounds: false });

    // The total, the page and its products, and the layer's BEGIN and COMMIT.
    expect(larger).to.deep.equal(small);
    expect(small).to.deep.equal({ layer: 5, knex: 3 });
  });

  it('http: both servers answer the same number of requests in a round, and their CPU is measured', async () => {
    const measurements = await measure(
      httpGetShop({ shops: 2, perShop: 3, seconds: 0.2, connections: 2 }),
    );
    const [layer, knex] = measurements.map((m) => m.samples);

    expect(layer!.map((s) => s.requests)).to.deep.equal(knex!.map((s) => s.requests));
    for (const sample of [...layer!, ...knex!]) {
      expect(sample.requests).to.be.at.least(4);
      expect(sample.cpu_ms).to.be.greaterThan(0);
    }
  });

  it('memory: each load runs in a process of its own, which reports its growth and CPU time', async () => {
    const measurements = await memoryEager({ shops: 5, perShop: 4, runs: 1, isolated: true }).run(
      ctx!,
      { rounds: 1, warmup: 0 },
    );

    expect(measurements.map((m) => m.contender)).to.deep.equal(['layer', 'objection', 'knex']);
    for (const { samples, memory } of measurements) {
      expect(samples).to.have.lengthOf(1);
      expect(samples[0]!.statements).to.equal(2);
      expect(samples[0]!.cpu_ms).to.be.greaterThan(0);
      expect(memory!.peak_heap_mb).to.be.greaterThan(0);
    }
  });

  it('memory: the layer, Objection and Knex load the same shops in 2 statements', async () => {
    const sent = await statements(memoryEager({ shops: 5, perShop: 4, runs: 2, isolated: false }), {
      isRounds: false,
    });

    expect(sent).to.deep.equal({ layer: 2, objection: 2, knex: 2 });
  });
});
