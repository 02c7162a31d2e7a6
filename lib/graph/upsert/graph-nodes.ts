import { Model, type ModelClass, type Relation, type RelationProperty } from 'objection';

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

/** Whether `model` carries its id, as a node to update rather than insert. */
export function hasId(model: Model): boolean {
  const id: unknown = model.$id();
  return id !== undefined && id !== null;
}

/** The property names of `modelClass`'s id. */
export function idPropsOf(modelClass: ModelClass<Model>): string[] {
  return [modelClass.idColumn].flat().map((column) => modelClass.columnNameToPropertyName(column));
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

/** The one id column of `modelClass`, or undefined for a composite id. */
export function singleIdColumnOf(modelClass: ModelClass<Model>): string | undefined {
  const columns = [modelClass.idColumn].flat();
  return columns.length === 1 ? columns[0] : undefined;
}

/**
 * The models `node` holds under `relation`, when the graph mentions it (an own property that is
 * not `undefined`; strict loading makes unloaded relations no property), else undefined.
 */
export function mentionedChildrenOf(node: Model, relation: Relation): Model[] | undefined {
  if (!Object.hasOwn(node, relation.name)) return undefined;
  const value = propsOf(node)[relation.name];
  if (value === undefined) return undefined;
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.filter((child): child is Model => child instanceof Model);
}

/** The key a row's id is matched by: input ids may come as strings, database ids as numbers. */
export function idKeyOf(model: Model): string | undefined {
  return hasId(model) ? String(model.$id()) : undefined;
}
