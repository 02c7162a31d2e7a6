import type { AnyQueryBuilder } from 'objection';
import { InvalidRelationError } from '../../errors';
import { isRelatedQuery, ownersGivenToFor, relationWriteOf } from '../operation-internals';

/**
 * Refuses a `for()` that Objection would ignore, before the query sends anything:
 * - on a query that is not a `relatedQuery()`: `Shop.query().for(1).delete()` would delete every
 *   shop, cascades included (objection#2185);
 * - after the write of a `relatedQuery()`: Objection makes the write for the owners known when
 *   `delete()`, `patch()`, `insert()` … is called, so `Shop.relatedQuery('products').delete()
 *   .for(1)` would delete nothing and `.insert(…).for(1)` insert a product of no shop.
 *
 * The mistake is the program's, not the input's, and it concerns a relation, as with
 * `limitPerParent` on a query that is not through one: an `InvalidRelationError`.
 *
 * @example
 * await Shop.query().for(1).delete(); // InvalidRelationError, nothing deleted
 */
export function refuseMisplacedFor(builder: AnyQueryBuilder): void {
  const owners = ownersGivenToFor(builder);
  if (owners === null || owners === undefined) return;
  const model = builder.modelClass().name;
  if (!isRelatedQuery(builder)) {
    throw new InvalidRelationError(
      `for() names the owners of a relatedQuery(), and this ${model} query is not one: ` +
        `Objection would ignore it and run the query on every ${model}. Use ` +
        `Owner.relatedQuery('relation').for(…) to go through a relation, or where() or ` +
        `findById() to choose rows`,
    );
  }
  const write = relationWriteOf(builder);
  if (write && write.owner.owner !== owners) {
    throw new InvalidRelationError(
      `for() was called after ${write.name}() on a relatedQuery() of ${model}: Objection makes ` +
        `the ${write.name} for the owners known when ${write.name}() is called and would ` +
        `ignore these. Call for() before ${write.name}()`,
    );
  }
}
