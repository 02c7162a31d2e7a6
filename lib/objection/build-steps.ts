import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model } from 'objection';
import { objectionExecuteOnBuild } from './operation-internals';
import { objectionConcurrencyOf, objectionExecuteOnBuildKnex } from './query-internals';

/** What the layer adds to two steps of building a query, which Objection's typings leave out. */
export interface BuildSteps {
  /**
   * Once a query's operations are in place and before they add their clauses (`executeOnBuild`),
   * whether the query is executed, counted, built as a subquery or by `toKnexQuery()`.
   */
  beforeOperationsBuild(builder: AnyQueryBuilder): void;
  /** After every knex query Objection builds for `builder` (`executeOnBuildKnex`). */
  afterKnexQueryBuilt(knexQuery: Knex.QueryBuilder, builder: AnyQueryBuilder): void;
}

interface BuildStepMethods {
  executeOnBuild(this: AnyQueryBuilder): void;
  executeOnBuildKnex(this: AnyQueryBuilder, knexQuery: Knex.QueryBuilder): Knex.QueryBuilder;
}

/**
 * Hooks `steps` into the two build methods of the builders of `prototype`, around Objection's
 * own: a hook here costs nothing per query, where an `onBuild` operation would be carried,
 * cloned and walked by every builder.
 *
 * @example
 * useBuildSteps(LayerQueryBuilder.prototype, { beforeOperationsBuild: fixQueryBeforeItBuilds, afterKnexQueryBuilt: rememberOrigin });
 */
export function useBuildSteps(prototype: object, steps: BuildSteps): void {
  const methods: BuildStepMethods = {
    executeOnBuild() {
      steps.beforeOperationsBuild(this);
      objectionExecuteOnBuild(this);
    },
    executeOnBuildKnex(knexQuery) {
      const built = objectionExecuteOnBuildKnex(this, knexQuery);
      steps.afterKnexQueryBuilt(built, this);
      return built;
    },
  };
  Object.assign(prototype, methods);
}

/**
 * Makes `modelClass` (and its subclasses) tell Objection how many queries to run at once with
 * `concurrency`, given Objection's own answer (a model's `concurrency`, else 4): its
 * `getConcurrency`, which the typings leave out.
 *
 * @example
 * useConcurrency(BaseModel, (knex, objections) => (knex?.isTransaction ? 1 : objections));
 */
export function useConcurrency(
  modelClass: typeof Model,
  concurrency: (knex: Knex | undefined, objections: number) => number,
): void {
  const methods = {
    getConcurrency(this: typeof Model, knex?: Knex): number {
      return concurrency(knex, objectionConcurrencyOf(this, knex));
    },
  };
  Object.assign(modelClass, methods);
}
