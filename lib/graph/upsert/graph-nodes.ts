import { Model, type ModelClass, type Relation } from 'objection';
import { idColumnOf } from '../../objection/query-internals';
import {
  type JoinTableExtra,
  type KeyColumn,
  relationFacts,
  unhandledKind,
} from '../../objection/relation-facts';

export { propsOf } from '../../objection/model-props';
import { propsOf } from '../../objection/model-props';

/** The one-column keys of a relation the set-based upsert covers (`setBasedUpsertRefusal`). */
export interface CoveredKeys {
  readonly owner: KeyColumn;
  readonly related: KeyColumn;
}

/** The join table of a covered many-to-many relation, with its one-column keys and extras. */
export interface CoveredJoinTable {
  readonly table: string;
  readonly owner: KeyColumn;
  readonly related: KeyColumn;
  readonly extras: readonly JoinTableExtra[];
}

function uncovered(name: string): never {
  throw new Error(`${name} is not a relation the set-based upsert covers`);
}

/**
 * The keys of `relation`, which `setBasedUpsertRefusal` has found to be one-column keys.
 *
 * @example
 * coveredKeysOf(Shop.getRelation('products')) // { owner: { prop: 'id', … }, related: { prop: 'shopId', … } }
 */
export function coveredKeysOf(relation: Relation): CoveredKeys {
  const { ownerKey, relatedKey, qualifiedName } = relationFacts(relation);
  if (!ownerKey || !relatedKey) return uncovered(qualifiedName);
  return { owner: ownerKey, related: relatedKey };
}

/**
 * The join table of `relation` when it is a many-to-many, undefined for a HasMany or HasOne.
 *
 * @example
 * coveredJoinTableOf(Order.getRelation('products'))?.table // 'order_items'
 */
export function coveredJoinTableOf(relation: Relation): CoveredJoinTable | undefined {
  const facts = relationFacts(relation);
  switch (facts.kind) {
    case 'hasMany':
    case 'hasOne':
      return undefined;
    case 'manyToMany': {
      const { joinTable, joinTableOwnerKey, joinTableRelatedKey, extras } = facts;
      if (!joinTableOwnerKey || !joinTableRelatedKey) return uncovered(facts.qualifiedName);
      return { table: joinTable, owner: joinTableOwnerKey, related: joinTableRelatedKey, extras };
    }
    case 'belongsToOne':
    case 'through':
    case 'recursive':
    case 'morphMany':
    case 'morphOne':
    case 'morphTo':
    case 'unsupported':
      return uncovered(facts.qualifiedName);
    default:
      return unhandledKind(facts);
  }
}

/** What the upsert reads of a model class for every node, looked up once per class. */
export interface ClassFacts {
  /** The relations, in declaration order. */
  readonly relations: readonly Relation[];
  readonly relationNames: ReadonlySet<string>;
  /** The id's one column and property, or undefined for a composite id. */
  readonly idColumn: string | undefined;
  readonly idProp: string | undefined;
}

const factsByClass = new WeakMap<ModelClass<Model>, ClassFacts>();

/**
 * The facts of `modelClass` the upsert needs per node (its relations, its id), computed on first
 * use: Objection's own accessors build new objects on every call, which thousands of nodes feel.
 *
 * @example
 * factsOf(Shop).idProp // 'id'
 */
export function factsOf(modelClass: ModelClass<Model>): ClassFacts {
  let facts = factsByClass.get(modelClass);
  if (!facts) {
    const relations = Object.values(modelClass.getRelations());
    const idColumns = [idColumnOf(modelClass)].flat();
    const idColumn = idColumns.length === 1 ? idColumns[0] : undefined;
    facts = {
      relations,
      relationNames: new Set(relations.map((relation) => relation.name)),
      idColumn,
      idProp: idColumn === undefined ? undefined : modelClass.columnNameToPropertyName(idColumn),
    };
    factsByClass.set(modelClass, facts);
  }
  return facts;
}

/** The id of `model`, or undefined when it has none (a node to insert rather than update). */
export function idOf(model: Model): unknown {
  const { idProp } = factsOf(model.constructor as ModelClass<Model>);
  if (idProp === undefined) {
    const ids = [model.$id()].flat();
    return ids.some((id) => id === undefined || id === null) ? undefined : model.$id();
  }
  const id = propsOf(model)[idProp];
  return id === null ? undefined : id;
}

/** Whether `model` carries its id, as a node to update rather than insert. */
export function hasId(model: Model): boolean {
  return idOf(model) !== undefined;
}

/** The one id column of `modelClass`, or undefined for a composite id. */
export function singleIdColumnOf(modelClass: ModelClass<Model>): string | undefined {
  return factsOf(modelClass).idColumn;
}

/**
 * The models `node` holds under `relation`, when the graph mentions it (an own property that is
 * not `undefined`; strict loading makes unloaded relations no property), else undefined.
 */
export function mentionedChildrenOf(node: Model, relation: Relation): Model[] | undefined {
  if (!Object.hasOwn(node, relation.name)) return undefined;
  const value = propsOf(node)[relation.name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    return value.every((child) => child instanceof Model)
      ? (value as Model[])
      : value.filter((child): child is Model => child instanceof Model);
  }
  return value instanceof Model ? [value] : [];
}

/** The key a row is matched by: input ids may come as strings, database ids as numbers. */
export function keyOf(value: unknown): string {
  return String(value);
}
