import type { Model, ModelClass, Relation } from 'objection';
import { ValidationFailedError, type FieldError } from '../errors';
import { joinTableExtrasOf } from '../objection/relation-facts';

type InputNode = Record<string, unknown>;

function isNode(value: unknown): value is InputNode {
  return typeof value === 'object' && value !== null;
}

function nodesOf(value: unknown): InputNode[] {
  if (Array.isArray(value)) return value.filter(isNode);
  return isNode(value) ? [value] : [];
}

/** Validates the extras of one node against its model's schema, patch-style (no required). */
function extrasErrors(relation: Relation, node: InputNode, pathOf: () => string): FieldError[] {
  const extras = Object.fromEntries(
    joinTableExtrasOf(relation)
      .map(({ property }) => [property, node[property]] as const)
      .filter(([, value]) => value !== undefined),
  );
  if (Object.keys(extras).length === 0) return [];
  try {
    (relation.relatedModelClass as ModelClass<Model>).fromJson(extras, { patch: true });
    return [];
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    const path = pathOf();
    return error.errors.map((field) => ({ ...field, path: `${path}.${field.path}` }));
  }
}

interface RelationEntry {
  name: string;
  relation: Relation;
  hasExtras: boolean;
}

const relationEntries = new WeakMap<ModelClass<Model>, RelationEntry[]>();

// Runs for every node of every graph write, so each model class's relations are listed once.
function relationsOf(modelClass: ModelClass<Model>): RelationEntry[] {
  let entries = relationEntries.get(modelClass);
  if (!entries) {
    entries = Object.entries(modelClass.getRelations()).map(([name, relation]) => ({
      name,
      relation,
      hasExtras: joinTableExtrasOf(relation).length > 0,
    }));
    relationEntries.set(modelClass, entries);
  }
  return entries;
}

// Own properties only: a model instance's unloaded relation is no property (strict loading).
function mentionsRelations(modelClass: ModelClass<Model>, node: InputNode): boolean {
  return relationsOf(modelClass).some(({ name }) => Object.hasOwn(node, name));
}

// Runs for every node of every graph write: a node's path is only spelled out when it is needed.
function collectErrors(
  modelClass: ModelClass<Model>,
  node: InputNode,
  path: string,
  errors: FieldError[],
): void {
  for (const { name, relation, hasExtras } of relationsOf(modelClass)) {
    if (!Object.hasOwn(node, name)) continue;
    const value = node[name];
    if (!isNode(value)) continue;
    const isList = Array.isArray(value);
    const related = relation.relatedModelClass as ModelClass<Model>;
    nodesOf(value).forEach((child, index) => {
      const pathOf = () => `${path}${path ? '.' : ''}${name}${isList ? `[${index}]` : ''}`;
      if (hasExtras) errors.push(...extrasErrors(relation, child, pathOf));
      if (mentionsRelations(related, child)) collectErrors(related, child, pathOf(), errors);
    });
  }
}

/**
 * Objection validates the nodes a graph write inserts, but not the nodes it relates, so the
 * join-table extras those carry (an order item's `quantity`) would reach the database unchecked.
 * This validates them against the target model's schema, with the paths Objection uses.
 */
export function validateJoinExtras(modelClass: ModelClass<Model>, graph: unknown): void {
  const errors: FieldError[] = [];
  nodesOf(graph).forEach((node, index) =>
    collectErrors(modelClass, node, Array.isArray(graph) ? `[${index}]` : '', errors),
  );
  if (errors.length > 0) throw new ValidationFailedError(errors, { model: modelClass.name });
}
