import type { Model, ModelClass, Relation, RelationProperty } from 'objection';
import { idColumnOf as declaredIdColumnOf, tableNameOf } from '../objection/query-internals';
import { relationFacts, unhandledKind } from '../objection/relation-facts';

function only(property: RelationProperty, what: string): { prop: string; col: string } {
  const [prop] = property.props;
  const [col] = property.cols;
  if (property.size !== 1 || prop === undefined || col === undefined) {
    throw new Error(`delete policies support single-column keys only (${what})`);
  }
  return { prop, col };
}

/** A key value as the layer's tables hold it. */
export type Key = string | number;

/** Where dependent rows point at their owner; a polymorphic child also by its type column. */
export interface DependentKey {
  table: string;
  column: string;
  prop: string;
  /** The type column and the owner's value in it (`commentable_type = 'post'`). */
  discriminator?: { column: string; value: string };
}

/** The owner's column a relation joins on (usually the owner's id): `id` for `Shop.products`. */
export function ownerKeyOf(relation: Relation): string {
  return only(relation.ownerProp, `${relation.ownerModelClass.name}.${relation.name}`).col;
}

/**
 * Where the rows depending on a relation's owner point at it: the foreign key of a HasMany or
 * HasOne, or the join table's owner column of a ManyToMany. That column's `ON DELETE` rule is
 * the database's safety net for the relation's delete policy.
 *
 * @example
 * dependentKeyOf(Shop.getRelation('products')) // { table: 'products', column: 'shop_id', prop: 'shop_id' }
 */
export function dependentKeyOf(relation: Relation): DependentKey {
  const facts = relationFacts(relation);
  switch (facts.kind) {
    case 'manyToMany': {
      const { col, prop } = only(relation.joinTableOwnerProp, facts.qualifiedName);
      return { table: facts.joinTable, column: col, prop };
    }
    case 'hasMany':
    case 'hasOne':
    case 'belongsToOne': {
      const { col, prop } = only(relation.relatedProp, facts.qualifiedName);
      return { table: tableNameOf(facts.relatedModelClass), column: col, prop };
    }
    // No foreign key guards a polymorphic id column: the type column says whose it is.
    case 'morphMany':
    case 'morphOne': {
      const { col, prop } = only(relation.relatedProp, facts.qualifiedName);
      const discriminator = { column: facts.typeColumn, value: facts.typeValue };
      return { table: tableNameOf(facts.relatedModelClass), column: col, prop, discriminator };
    }
    case 'morphTo':
    case 'unsupported':
      throw new Error(
        `delete policies do not support ${facts.qualifiedName}, a ${facts.kind === 'morphTo' ? 'morphTo' : facts.className}`,
      );
    case 'through':
    case 'recursive':
      throw new Error(
        `${facts.qualifiedName} is a read-only ${facts.kind} relation, which has no delete policy`,
      );
    default:
      return unhandledKind(facts);
  }
}

/** The single id column of the rows a delete removes (`modelClass`'s): delete policies need one. */
export function deletedIdColumnOf(modelClass: ModelClass<Model>): string {
  const columns = [declaredIdColumnOf(modelClass)].flat();
  const [column] = columns;
  if (columns.length !== 1 || column === undefined) {
    throw new Error(`delete policies support single-column ids only (${modelClass.name})`);
  }
  return column;
}
