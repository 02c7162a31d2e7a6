import { Model, type ModelClass } from 'objection';
import { tableNameOf } from '../objection/query-internals';

/**
 * The tables `models` keep their rows in: each model's table and the join table of each of its
 * ManyToMany relations, once each, in the order first met.
 *
 * @example
 * tablesOf([Post, Tag]) // ['posts', 'post_tags', 'tags']
 */
export function tablesOf(models: ReadonlyArray<ModelClass<Model>>): string[] {
  const tables = new Set<string>();
  for (const model of models) {
    tables.add(tableNameOf(model));
    for (const relation of Object.values(model.getRelations())) {
      if (relation instanceof Model.ManyToManyRelation) tables.add(relation.joinTable);
    }
  }
  return [...tables];
}
