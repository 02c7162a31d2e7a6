import type { Model, ModelClass, Relation } from 'objection';
import { ValidationFailedError, type FieldError } from '../errors';

interface JoinTableExtra {
  aliasProp: string;
}

type ManyToManyWithExtras = Relation & { joinTableExtras?: JoinTableExtra[] };

type GraphNode = Record<string, unknown>;

function isNode(value: unknown): value is GraphNode {
  return typeof value === 'object' && value !== null;
}

function nodesOf(value: unknown): GraphNode[] {
  if (Array.isArray(value)) return value.filter(isNode);
  return isNode(value) ? [value] : [];
}

/** Validates the extras of one node against its model's schema, patch-style (no required). */
function extrasErrors(relation: ManyToManyWithExtras, node: GraphNode, path: string): FieldError[] {
  const extras = Object.fromEntries(
    (relation.joinTableExtras ?? [])
      .map(({ aliasProp }) => [aliasProp, node[aliasProp]] as const)
      .filter(([, value]) => value !== undefined),
  );
  if (Object.keys(extras).length === 0) return [];
  try {
    (relation.relatedModelClass as ModelClass<Model>).fromJson(extras, { patch: true });
    return [];
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    return error.errors.map((field) => ({ ...field, path: `${path}.${field.path}` }));
  }
}

function collectErrors(modelClass: ModelClass<Model>, node: GraphNode, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [name, relation] of Object.entries(modelClass.getRelations())) {
    // Own properties only: a model instance's unloaded relation is no property (strict loading).
    if (!Object.hasOwn(node, name)) continue;
    const children = nodesOf(node[name]);
    const isList = Array.isArray(node[name]);
    children.forEach((child, index) => {
      const childPath = `${path}${path ? '.' : ''}${name}${isList ? `[${index}]` : ''}`;
      errors.push(...extrasErrors(relation as ManyToManyWithExtras, child, childPath));
      errors.push(
        ...collectErrors(relation.relatedModelClass as ModelClass<Model>, child, childPath),
      );
    });
  }
  return errors;
}

/**
 * Objection validates the nodes a graph write inserts, but not the nodes it relates, so the
 * join-table extras those carry (an order item's `quantity`) would reach the database unchecked.
 * This validates them against the target model's schema, with the paths Objection uses.
 */
export function validateJoinExtras(modelClass: ModelClass<Model>, graph: unknown): void {
  const errors = nodesOf(graph).flatMap((node, index) =>
    collectErrors(modelClass, node, Array.isArray(graph) ? `[${index}]` : ''),
  );
  if (errors.length > 0) throw new ValidationFailedError(errors, { model: modelClass.name });
}
