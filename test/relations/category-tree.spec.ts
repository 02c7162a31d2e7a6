import { expect } from 'chai';
import type { Knex } from 'knex';
import { ReadOnlyRelationError, recordQueries, recursive, TreeCycleError } from '../../lib';
import { Category } from '../../models';
import { describeEachDialect } from '../support/database';

/** Inserts a chain `depth` levels below a root, each level with two siblings; returns the root id. */
async function insertChain(knex: Knex, depth: number): Promise<number> {
  const [root] = await knex('categories').insert({ name: 'root', parent_id: null }).returning('id');
  const rootId = typeof root === 'object' ? (root as { id: number }).id : (root as number);
  let parent = rootId;
  for (let level = 1; level <= depth; level += 1) {
    // The second sibling is inserted first, so that id order and insertion order differ by name.
    const ids = await knex('categories')
      .insert([
        { name: `L${level}-b`, parent_id: parent },
        { name: `L${level}-a`, parent_id: parent },
      ])
      .returning('id');
    const [first] = ids.map((id) => (typeof id === 'object' ? (id as { id: number }).id : id));
    parent = first as number;
  }
  return rootId;
}

interface Shape {
  name: string;
  descendants: Shape[];
}

function shapeOf(category: Category): Shape {
  return {
    name: category.name,
    descendants: (category.descendants ?? []).map(shapeOf),
  };
}

function depthOf(shape: Shape): number {
  return shape.descendants.length === 0 ? 0 : 1 + Math.max(...shape.descendants.map(depthOf));
}

describeEachDialect('Relations | Category trees (recursive relations)', (db) => {
  for (const depth of [1, 5, 50]) {
    it(`loads a tree ${depth} levels deep in one statement, nested, each level by id`, async () => {
      const rootId = await insertChain(db.knex, depth);

      const { result: root, queries } = await recordQueries(db.knex, () =>
        Category.query().findById(rootId).withGraphFetched('descendants'),
      );

      expect(queries).to.have.length(2);
      const shape = shapeOf(root!);
      expect(depthOf(shape)).to.equal(depth);
      let level = shape;
      for (let n = 1; n <= depth; n += 1) {
        expect(level.descendants.map(({ name }) => name)).to.deep.equal([`L${n}-b`, `L${n}-a`]);
        level = level.descendants[0]!;
      }
    });
  }

  it('loads the descendants of many roots in one statement', async () => {
    const roots = await Promise.all([1, 2, 3].map(() => insertChain(db.knex, 3)));

    const { result, queries } = await recordQueries(db.knex, () =>
      Category.query().whereIn('id', roots).withGraphFetched('descendants').orderBy('id'),
    );

    expect(queries).to.have.length(2);
    expect(result.map((root) => depthOf(shapeOf(root)))).to.deep.equal([3, 3, 3]);
  });

  it('loads the ancestors up to the root, nearest first', async () => {
    const rootId = await insertChain(db.knex, 3);
    const leaf = await Category.query().findOne({ name: 'L3-b' });

    const loaded = await Category.query().findById(leaf!.id).withGraphFetched('ancestors');
    const chain: string[] = [];
    for (let node = loaded!.ancestors; node; node = node.ancestors) chain.push(node.name);

    expect(chain).to.deep.equal(['L2-b', 'L1-b', 'root']);
    // Typed as the one-to-one property it fills; the query resolves to the whole chain.
    const flat = (await leaf!.$relatedQuery('ancestors')) as unknown as Category[];
    expect(flat.map(({ id }) => id).at(-1)).to.equal(rootId);
  });

  it('reads every descendant flat through $relatedQuery, nearest first', async () => {
    const rootId = await insertChain(db.knex, 2);
    const root = await Category.query().findById(rootId);

    const flat = await root!.$relatedQuery('descendants');

    expect(flat.map(({ name }) => name)).to.deep.equal(['L1-b', 'L1-a', 'L2-b', 'L2-a']);
  });

  it('stops at maxDepth', async () => {
    const rootId = await insertChain(db.knex, 4);
    class Shallow extends Category {
      static override relationMappings = () => ({
        ...Category.relationMappings(),
        descendants: recursive(Shallow, 'children', { maxDepth: 2 }),
      });
    }

    const root = await Shallow.query().findById(rootId).withGraphFetched('descendants');

    expect(depthOf(shapeOf(root!))).to.equal(2);
  });

  it('detects a cycle inserted by hand, and reports it instead of looping', async () => {
    const rootId = await insertChain(db.knex, 3);
    const leaf = await Category.query().findOne({ name: 'L3-b' });
    const [l1] = await db.knex('categories').where({ name: 'L1-b' }).select('id');
    // L1-b's parent becomes the leaf below it: L1-b -> L2-b -> L3-b -> L1-b.
    await db.knex('categories').where({ id: l1.id }).update({ parent_id: leaf!.id });

    const error = await Category.query()
      .findById(l1.id)
      .withGraphFetched('descendants')
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );

    expect(error).to.be.instanceOf(TreeCycleError);
    const ids = (error as TreeCycleError).ids.map(Number);
    expect(ids[0]).to.equal(l1.id);
    expect(ids.at(-1)).to.equal(l1.id);
    expect(ids).to.include(leaf!.id);
    expect(await db.knex('categories').where({ id: rootId }).first()).to.not.equal(undefined);
  });

  it('refuses writes through descendants, and nothing is written', async () => {
    const rootId = await insertChain(db.knex, 2);
    const root = await Category.query().findById(rootId);
    const before = await db.knex('categories').orderBy('id');

    const error = await root!
      .$relatedQuery('descendants')
      .insert({ name: 'new' })
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    const graphError = await Category.query()
      .insertGraph({ name: 'x', descendants: [{ name: 'y' }] } as never)
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );

    expect(error).to.be.instanceOf(ReadOnlyRelationError);
    expect(graphError).to.be.instanceOf(ReadOnlyRelationError);
    expect(await db.knex('categories').orderBy('id')).to.deep.equal(before);
  });
});
