import { Model, type ModelClass, type Relation, type RelationProperty } from 'objection';
import { idColumnOf } from '../../objection/query-internals';

/** A model's properties, read as a record (relations included, when own properties). */
export function propsOf(model: Model): Record<string, unknown> {
  return model as unknown as Record<string, unknown>;
}

/** Whether `relation` keeps its foreign key on the related rows (HasMany and HasOne). */
export function isHasMany(relation: Relation): boolean {
  return relation instanceof Model.HasManyRelation;
}

/** Whether a node holds one related model under `relation` (HasOne, BelongsToOne), not a list. */
export function isOneToOne(relation: Relation): boolean {
  const candidate: object = relation;
  return (
    candidate instanceof Model.HasOneRelation || candidate instanceof Model.BelongsToOneRelation
  );
}

/** Whether `relation` goes through a join table. */
export function isManyToMany(relation: Relation): boolean {
  return relation instanceof Model.ManyToManyRelation;
}

/** The one property and column of a single-column key, or undefined for a composite one. */
export function singleKeyOf(property: RelationProperty): { prop: string; col: string } | undefined {
  const [prop] = property.props;
  const [col] = property.cols;
  return property.size === 1 && prop !== undefined && col !== undefined ? { prop, col } : undefined;
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
