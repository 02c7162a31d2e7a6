import type { Model, ModelClass } from 'objection';

/** A relation a graph mentions, at a path written as Objection writes it (`posts.tags`). */
export interface GraphRelation {
  path: string;
  ownerModelClass: ModelClass<Model>;
  relationName: string;
}

type InputNode = Record<string, unknown>;

function nodesOf(value: unknown): InputNode[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((node): node is InputNode => typeof node === 'object' && node !== null);
}

/**
 * Every relation the graph mentions (a relation property present on a node, even `null` or `[]`),
 * once per path, in the order they appear.
 *
 * @example
 * relationPathsOf(User, { name: 'John', posts: [{ title: 'A', tags: [] }] }).map((r) => r.path)
 * // ['posts', 'posts.tags']
 */
export function relationPathsOf(modelClass: ModelClass<Model>, graph: unknown): GraphRelation[] {
  const found = new Map<string, GraphRelation>();
  const walk = (ownerModelClass: ModelClass<Model>, nodes: InputNode[], prefix: string) => {
    for (const [relationName, relation] of Object.entries(ownerModelClass.getRelations())) {
      // Own properties only: a model instance's unloaded relation is no property (strict loading).
      const mentioning = nodes.filter(
        (node) => Object.hasOwn(node, relationName) && node[relationName] !== undefined,
      );
      if (mentioning.length === 0) continue;
      const path = prefix ? `${prefix}.${relationName}` : relationName;
      if (!found.has(path)) found.set(path, { path, ownerModelClass, relationName });
      const children = mentioning.flatMap((node) => nodesOf(node[relationName]));
      walk(relation.relatedModelClass, children, path);
    }
  };
  walk(modelClass, nodesOf(graph), '');
  return [...found.values()];
}
