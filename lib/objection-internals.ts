import type { AnyQueryBuilder, Model, QueryBuilder, Relation } from 'objection';
import * as objection from 'objection';

/**
 * The few members of Objection 3.1.5's query builder the layer relies on that its typings leave
 * out. Objection is pinned to exactly that version, so they cannot move under us; keeping them in
 * this one file shows exactly what an upgrade would have to re-check.
 */
interface QueryBuilderInternals {
  /** A find query for the rows a write query targets (Objection's static hooks use it). */
  toFindQuery(): QueryBuilder<Model, Model[]>;
  /** The builder that issued this one with `childQueryOf` (graph writes do), if any. */
  parentQuery(): AnyQueryBuilder | null;
  /** Skips the database round trip and resolves the query with `value`; hooks still run. */
  resolve(value: unknown): unknown;
  findOperation(selector: (operation: { relation?: Relation }) => boolean): {
    relation?: Relation;
  } | null;
  internalContext(): { runBefore: Array<(result: unknown, builder: unknown) => unknown> };
  allowedGraphExpression(): ParsedRelationExpression | null;
  _explicitResolveValue: unknown;
  _explicitRejectValue: unknown;
}

/** A parsed relation expression such as `[products, orders.products]`. */
export interface ParsedRelationExpression {
  /** Whether `expression` only names relations this one names. */
  isSubExpression(expression: ParsedRelationExpression): boolean;
  toString(): string;
}

interface RelationExpressionClass {
  create(expression: string): ParsedRelationExpression;
}

function internals(builder: AnyQueryBuilder): QueryBuilderInternals {
  return builder as unknown as QueryBuilderInternals;
}

/** A find query selecting the rows the write query `builder` targets. */
export function toFindQuery(builder: AnyQueryBuilder): QueryBuilder<Model, Model[]> {
  return internals(builder).toFindQuery();
}

/** The builder that issued `builder` as a child query (a graph write issues its deletes so). */
export function parentQueryOf(builder: AnyQueryBuilder): AnyQueryBuilder | undefined {
  return internals(builder).parentQuery() ?? undefined;
}

/** The relation a `$relatedQuery`/`relatedQuery` builder goes through, if it does. */
export function relationOf(builder: AnyQueryBuilder): Relation | undefined {
  return internals(builder).findOperation((operation) => !!operation.relation)?.relation;
}

/**
 * Runs `step` with the executing builder after Objection's before-hooks (static `beforeDelete`,
 * instance `$beforeDelete`) and before the query is built, then resolves the query with what
 * `step` returns instead of sending it: the after-hooks and `runAfter` callbacks see that value.
 * A before-hook that cancelled the query (`cancelQuery()`) cancels `step` too.
 */
export function replaceExecution(
  builder: AnyQueryBuilder,
  step: (executing: AnyQueryBuilder) => Promise<unknown>,
): void {
  internals(builder)
    .internalContext()
    .runBefore.push(async (_result, executing) => {
      const target = internals(executing as AnyQueryBuilder);
      if (target._explicitResolveValue !== null || target._explicitRejectValue !== null) return;
      target.resolve(await step(executing as AnyQueryBuilder));
    });
}

/** The relations `allowGraph` lets this graph write touch, if it was called. */
export function allowedGraphOf(builder: AnyQueryBuilder): ParsedRelationExpression | null {
  return internals(builder).allowedGraphExpression();
}

/** Parses a relation expression as Objection does (exported at runtime, not in its typings). */
export function parseRelationExpression(expression: string): ParsedRelationExpression {
  const { RelationExpression } = objection as unknown as {
    RelationExpression: RelationExpressionClass;
  };
  return RelationExpression.create(expression);
}
