import { expect } from 'chai';
import { type DeletePolicy, deletePoliciesOf, dialectOf, type ForeignKeyRule } from '../../lib';
import { dependentKeyOf } from '../../lib/delete/relation-keys';
import { allModels } from '../../models';
import { describeEachDialect } from '../support/database';

/** The ON DELETE rules that back a policy up when a row is deleted without the layer. */
const SAFETY_NET: Record<DeletePolicy, ForeignKeyRule[]> = {
  cascade: ['CASCADE'],
  nullify: ['SET NULL'],
  restrict: ['RESTRICT', 'NO ACTION'],
  // Deleting the owner removes its join rows; the targets are another table's rows.
  unrelate: ['CASCADE'],
};

function declaredPolicies() {
  return allModels.flatMap((model) =>
    deletePoliciesOf(model).map(({ relation, policy }) => ({ model, relation, policy })),
  );
}

describeEachDialect(
  'Delete policies | declared on the relations, backed by the foreign keys',
  (db) => {
    it('reads the policy declared next to every relation mapping', () => {
      const policies = declaredPolicies().map(
        ({ model, relation, policy }) => `${model.name}.${relation.name}: ${policy}`,
      );

      expect(policies).to.have.members([
        'Shop.products: cascade',
        'Product.orders: restrict',
        'User.posts: cascade',
        'User.profile: cascade',
        'Post.tags: unrelate',
        'Tag.posts: unrelate',
        'Author.books: cascade',
        'Customer.orders: cascade',
        'Order.products: unrelate',
        'Category.children: cascade',
        'Post.comments: cascade',
        'Product.comments: cascade',
      ]);
    });

    it('agrees with the ON DELETE rule of the foreign key the database reports', async () => {
      const dialect = dialectOf(db.knex);
      const checked: string[] = [];
      const morphs: string[] = [];
      for (const { model, relation, policy } of declaredPolicies()) {
        const { table, column, discriminator } = dependentKeyOf(relation);
        // A polymorphic id column can reference no single table: no foreign key, the layer's
        // policy is the only guard (see test/polymorphic/delete-policies.spec.ts).
        if (discriminator) {
          const foreignKeys = await dialect.foreignKeys(db.knex, table);
          expect(foreignKeys.filter((fk) => fk.column === column)).to.deep.equal([]);
          morphs.push(`${model.name}.${relation.name}`);
          continue;
        }
        const foreignKey = (await dialect.foreignKeys(db.knex, table)).find(
          (fk) => fk.column === column,
        );
        const where = `${model.name}.${relation.name} → ${table}.${column}`;

        expect(foreignKey, where).to.include({ referencedTable: model.tableName });
        expect(SAFETY_NET[policy], where).to.include(foreignKey!.onDelete);
        checked.push(`${where} ${foreignKey!.onDelete}`);
      }

      expect(checked).to.have.length(10);
      expect(morphs).to.have.members(['Post.comments', 'Product.comments']);
    });
  },
);
