import type { AnyQueryBuilder } from 'objection';
import { InvalidRelationError } from '../errors';
import { allowedGraphOf, parseRelationExpression } from '../objection/query-internals';
import { relationPathsOf } from './relation-paths';

/**
 * Refuses a graph write that mentions a relation its `allowGraph` does not allow, naming every
 * such relation and what is allowed (Objection's own check only says "an unallowed relation").
 *
 * @example
 * refuseUnallowedRelations(Shop.query().upsertGraph(graph).allowGraph('products'), graph);
 */
export function refuseUnallowedRelations(builder: AnyQueryBuilder, graph: unknown): void {
  const allowed = allowedGraphOf(builder);
  if (!allowed) return;
  const refused = relationPathsOf(builder.modelClass(), graph)
    .map(({ path }) => path)
    .filter((path) => !allowed.isSubExpression(parseRelationExpression(path)));
  if (refused.length > 0) {
    const names = refused.map((path) => `"${path}"`).join(', ');
    throw new InvalidRelationError(
      `The graph writes ${names}, which this query does not allow (allowGraph: ${allowed.toString() || 'nothing'})`,
      { type: 'UnallowedRelation', modelClass: builder.modelClass() },
    );
  }
}
