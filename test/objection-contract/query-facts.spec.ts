import { expect } from 'chai';
import knexFactory from 'knex';
import { Model } from 'objection';
import { queryFacts } from '../../lib/objection/query-facts';
import { graphWriteOf, replaceGraphRun } from '../../lib/objection/graph-write';

// Plain Objection builders of plain Objection models: what the layer reads of a query before it
// runs, and the one way it replaces how a graph write runs.
class Animal extends Model {
  static override tableName = 'animals';
  declare id: number;
  declare name?: string;
  static override relationMappings = () => ({
    children: {
      relation: Model.HasManyRelation,
      modelClass: Animal,
      join: { from: 'animals.id', to: 'animals.parent_id' },
    },
  });
}

describe('Objection contract | queryFacts', () => {
  it('reads a plain findById: a find with its id, Objection’s find operation, no hooks', () => {
    const facts = queryFacts(Animal.query().findById(7));
    expect(facts.findByIdOnly).to.equal(7);
    expect(facts.isFind).to.equal(true);
    expect(facts.hasPlainFindOperation).to.equal(true);
    expect(facts.hasExplicitResult).to.equal(false);
    expect(facts.hasRunHooks).to.equal(false);
    expect(facts.hasBuildHooks).to.equal(false);
    expect(facts.isTableRenamed).to.equal(false);
    expect(facts.resultClass).to.equal(Animal);
    expect(facts.operations.map(({ name }) => name)).to.deep.equal(['findById', 'first']);
  });

  it('reads anything added to a findById as no longer exactly one', () => {
    expect(queryFacts(Animal.query().findById(7).select('id')).findByIdOnly).to.equal(undefined);
    expect(queryFacts(Animal.query().findById([1, 2])).findByIdOnly).to.equal(undefined);
  });

  it('tells a relation query and an instance query by their find operation', () => {
    const animal = Animal.fromJson({ id: 1 });
    expect(queryFacts(animal.$relatedQuery('children')).hasPlainFindOperation).to.equal(false);
    expect(queryFacts(animal.$query()).hasPlainFindOperation).to.equal(false);
    expect(queryFacts(Animal.query().delete()).isFind).to.equal(false);
  });

  it('reads an explicit result, run hooks, build hooks and a renamed table', () => {
    expect(queryFacts(Animal.query().resolve([])).hasExplicitResult).to.equal(true);
    const withRunHook = Animal.query().context({ runBefore: [() => undefined] });
    expect(queryFacts(withRunHook).hasRunHooks).to.equal(true);
    // `runAfter()` is an operation of its own, with an after hook.
    const [runAfter] = queryFacts(Animal.query().runAfter((rows) => rows)).operations;
    expect(runAfter?.hasLifecycleHooks).to.equal(true);
    expect(queryFacts(Animal.query().context({ onBuild: () => {} })).hasBuildHooks).to.equal(true);
    expect(queryFacts(Animal.query().withSchema('other')).hasBuildHooks).to.equal(true);
    expect(queryFacts(Animal.query().alias('a')).isTableRenamed).to.equal(true);
    expect(queryFacts(Animal.query().castTo(Model)).resultClass).to.equal(Model);
  });

  it('tells operations with lifecycle hooks from those that only build SQL', () => {
    const facts = queryFacts(Animal.query().where('id', 1).withGraphFetched('children'));
    const hooked = facts.operations.map(({ name, hasLifecycleHooks }) => [name, hasLifecycleHooks]);
    expect(hooked).to.deep.equal([
      ['where', false],
      ['eager', true],
    ]);
  });
});

describe('Objection contract | graph writes', () => {
  const knex = knexFactory({ client: 'sqlite3', connection: ':memory:', useNullAsDefault: true });
  after(() => knex.destroy());

  it('reads a graph write’s roots, shape and the caller’s options', () => {
    const insert = graphWriteOf(Animal.query().insertGraph([{ name: 'a' }], { relate: true }));
    expect(insert?.method).to.equal('insertGraph');
    expect(insert?.isArray).to.equal(true);
    expect(insert?.objects[0]).to.be.instanceOf(Animal);
    expect(insert?.options()).to.deep.equal({ relate: true });
    const upsert = graphWriteOf(Animal.query().upsertGraphAndFetch({ id: 1 }, { noDelete: true }));
    expect([upsert?.method, upsert?.isArray]).to.deep.equal(['upsertGraph', false]);
    expect(upsert?.options()).to.deep.equal({ noDelete: true });
    expect(graphWriteOf(Animal.query())).to.equal(undefined);
  });

  it('runs a graph write through its replacement, once however often it is asked for', async () => {
    let runs = 0;
    const replacement = async () => {
      runs++;
      return 'replaced';
    };
    const builder = Animal.query(knex).upsertGraph({ id: 1, name: 'a' });
    expect(replaceGraphRun(builder, replacement)).to.equal(true);
    expect(replaceGraphRun(builder, replacement)).to.equal(true);
    expect(await builder).to.equal('replaced');
    expect(runs).to.equal(1);
    expect(replaceGraphRun(Animal.query(), replacement)).to.equal(false);
  });

  it('hands the replacement Objection’s own run, and options it may replace', async () => {
    let seen: unknown;
    const builder = Animal.query(knex).upsertGraph({ id: 1, name: 'a' });
    replaceGraphRun(builder, async (_executing, write, objectionRun) => {
      write.setOptions({ noDelete: true });
      seen = [write.options(), typeof objectionRun];
      return 'done';
    });
    expect(await builder).to.equal('done');
    expect(seen).to.deep.equal([{ noDelete: true }, 'function']);
  });
});
