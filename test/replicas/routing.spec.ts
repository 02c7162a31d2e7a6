import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import {
  checkReplicas,
  knexConfig,
  onPrimary,
  recordQueries,
  replicaRead,
  replicaStatusOf,
} from '../../lib';
import { Shop } from '../../models';
import {
  describeWithReplicaPair,
  emptyPair,
  openRouted,
  StatementsByPort,
  replicaCaughtUp,
} from '../support/replica-pair';
import { shapeOf } from '../support/statements';

describeWithReplicaPair('Replicas | routing', (pair) => {
  let knex: Knex;
  let statements: StatementsByPort;

  // Checks only on demand, so that the counts are the statements' own.
  beforeEach(async () => {
    await emptyPair(pair());
    const writer = knexFactory(knexConfig(pair().primaryUrl));
    await writer('shops')
      .insert([{ name: 'Green Grocer' }, { name: 'Corner Bakery' }])
      .finally(() => writer.destroy());
    await replicaCaughtUp(pair());
    knex = openRouted(pair(), { replicas: { checkIntervalMs: 60_000 } });
    await checkReplicas(knex);
    statements = new StatementsByPort();
  });

  afterEach(async () => {
    statements.uninstall();
    await knex.destroy();
  });

  const onReplica = () => statements.of(pair().replicaPort);
  const onPrimaryServer = () => statements.of(pair().primaryPort);

  it('reads outside a transaction on the replica', async () => {
    const shops = await Shop.query(knex).orderBy('id');
    const withProducts = await Shop.query(knex).withGraphFetched('products');

    expect(shops.map((shop) => shop.name)).to.deep.equal(['Green Grocer', 'Corner Bakery']);
    expect(withProducts).to.have.length(2);
    expect({ replica: onReplica(), primary: onPrimaryServer() }).to.deep.equal({
      replica: 3,
      primary: 0,
    });
  });

  it('writes on the primary', async () => {
    await Shop.query(knex).insert({ name: 'Spice Market' });
    await Shop.query(knex).patch({ name: 'Renamed' }).where('name', 'Corner Bakery');
    await Shop.query(knex).delete().where('name', 'Green Grocer');

    expect(onReplica()).to.equal(0);
    expect(statements.sqlOf(pair().primaryPort).map(shapeOf)).to.include.members([
      'insert shops',
      'update shops',
      'delete shops',
    ]);
  });

  it('reads FOR UPDATE and FOR SHARE on the primary', async () => {
    await Shop.query(knex).forUpdate();
    await Shop.query(knex).forShare();

    expect({ replica: onReplica(), primary: onPrimaryServer() }).to.deep.equal({
      replica: 0,
      primary: 2,
    });
  });

  it('never touches the replica in a transaction, its reads included', async () => {
    await knex.transaction(async (trx) => {
      await Shop.query(trx);
      await Shop.query(trx).withGraphFetched('products');
      await Shop.query(trx).insert({ name: 'Spice Market' });
      await Shop.query(trx);
    });
    await Shop.query(knex)
      .insertGraph({ name: 'Tea House', products: [{ name: 'Oolong', price: 4 }] })
      .then(() => undefined);

    expect(onReplica()).to.equal(0);
    // BEGIN, 4 reads, an insert, COMMIT; the graph insert's own transaction of 4 more.
    expect(onPrimaryServer()).to.be.at.least(8);
  });

  it('runs a read-only transaction on the replica', async () => {
    const shops = await knex.transaction(async (trx) => Shop.query(trx), { readOnly: true });

    expect(shops).to.have.length(2);
    // BEGIN … READ ONLY, the read, COMMIT.
    expect({ replica: onReplica(), primary: onPrimaryServer() }).to.deep.equal({
      replica: 3,
      primary: 0,
    });
  });

  it('runs a read-only SERIALIZABLE transaction on the primary, since a standby refuses one', async () => {
    const shops = await knex.transaction(async (trx) => Shop.query(trx), {
      readOnly: true,
      isolationLevel: 'serializable',
    });

    expect(shops).to.have.length(2);
    expect({ replica: onReplica(), primary: onPrimaryServer() }).to.deep.equal({
      replica: 0,
      primary: 3,
    });
  });

  it('sends raw SQL to the primary unless it is marked as a read', async () => {
    const unmarked = await knex.raw<{ rows: unknown[] }>('select * from shops');
    const marked = await replicaRead(knex.raw<{ rows: unknown[] }>('select * from shops'));

    expect([unmarked.rows.length, marked.rows.length]).to.deep.equal([2, 2]);
    expect(statements.sqlOf(pair().replicaPort)).to.deep.equal(['select * from shops']);
    // The unmarked statement may have written: the read after it asks where the primary is.
    expect(statements.sqlOf(pair().primaryPort)).to.deep.equal([
      'select * from shops',
      'SELECT pg_current_wal_lsn()::text AS position',
    ]);
  });

  it('sends the reads of onPrimary to the primary', async () => {
    const shops = await onPrimary(async () => {
      const all = await Shop.query(knex);
      await knex.transaction(async (trx) => Shop.query(trx), { readOnly: true });
      return all;
    });

    expect(shops).to.have.length(2);
    expect({ replica: onReplica(), primary: onPrimaryServer() }).to.deep.equal({
      replica: 0,
      primary: 4,
    });
  });

  it('records the replica’s statements as any other (the recorder and counters are unchanged)', async () => {
    const { queries } = await recordQueries(knex, () =>
      Shop.query(knex).withGraphFetched('products'),
    );

    expect(queries.map((query) => query.model)).to.deep.equal(['Shop', 'Product']);
    expect(onReplica()).to.equal(2);
  });

  it('reports the replica in rotation, with its lag', () => {
    const [status] = replicaStatusOf(knex) ?? [];

    expect(status).to.include({ state: 'up', lagMs: 0 });
    expect(status?.name).to.equal(pair().replicaUrl);
    expect(status?.replayedPosition).to.match(/^[0-9A-F]+\/[0-9A-F]+$/);
  });
});
