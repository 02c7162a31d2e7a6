import { expect } from 'chai';
import type { Knex } from 'knex';
import { recordQueries } from '../../lib';
import { Category } from '../../models';
import { describeEachDialect } from '../support/database';
import { shapesOf } from '../support/statements';

/** A root with `count` descendants, `fanOut` children per node, breadth first; returns the root id. */
async function treeOf(knex: Knex, count: number, fanOut: number): Promise<number> {
  const [rootId] = await knex('categories').insert({ name: 'root' }).returning('id');
  const idOf = (row: unknown) => (typeof row === 'object' ? (row as { id: number }).id : row);
  let parents = [idOf(rootId) as number];
  let inserted = 0;
  while (inserted < count) {
    const rows = parents
      .flatMap((parent) =>
        Array.from({ length: fanOut }, (_, i) => ({ name: `c${parent}-${i}`, parent_id: parent })),
      )
      .slice(0, count - inserted);
    const ids: number[] = [];
    for (let start = 0; start < rows.length; start += 100) {
      const chunk = await knex('categories')
        .insert(rows.slice(start, start + 100))
        .returning('id');
      ids.push(...chunk.map((row) => idOf(row) as number));
    }
    inserted += rows.length;
    parents = ids;
  }
  return idOf(rootId) as number;
}

// A tree's cascade is deleted as one set: one recursive read of the subtree, one DELETE.
describeEachDialect('Delete policies | cascade across a tree', (db) => {
  it('deletes a category with 10 or 1,000 descendants in the same statements', async () => {
    const small = await treeOf(db.knex, 10, 3);
    const large = await treeOf(db.knex, 1000, 3);
    const other = await treeOf(db.knex, 5, 2);

    const deleteSmall = await recordQueries(db.knex, () => Category.query().deleteById(small));
    const deleteLarge = await recordQueries(db.knex, () => Category.query().deleteById(large));

    expect(shapesOf(deleteLarge.queries)).to.deep.equal(shapesOf(deleteSmall.queries));
    expect(deleteLarge.queries.length).to.be.lessThan(8);
    const left = await db.knex('categories').select('id', 'parent_id');
    expect(left).to.have.length(6);
    expect(left.map(({ id }) => id)).to.include(other);
  });

  it('deletes a subtree whose data holds a cycle, and stops', async () => {
    const root = await treeOf(db.knex, 6, 2);
    const [child] = await db.knex('categories').where({ parent_id: root }).orderBy('id').limit(1);
    const [leaf] = await db
      .knex('categories')
      .where({ parent_id: child.id })
      .orderBy('id')
      .limit(1);
    const sibling = await db
      .knex('categories')
      .where({ parent_id: root })
      .whereNot({ id: child.id });
    // child's parent becomes a leaf below it: the walk meets child twice.
    await db.knex('categories').where({ id: child.id }).update({ parent_id: leaf.id });
    const outside = await treeOf(db.knex, 2, 2);

    await Category.query().deleteById(child.id);

    const left = await db.knex('categories').pluck('id');
    expect(left).to.include(outside);
    expect(left).to.include.members([root, ...sibling.map(({ id }) => id)]);
    expect(left).to.not.include(child.id);
    expect(left).to.not.include(leaf.id);
  });
});
