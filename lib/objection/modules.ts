import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model } from 'objection';
import * as objection from 'objection';

// The prototypes and modules of Objection 3.1.5 that the layer's process-wide fixes replace a
// method of: they hold SQL that Objection builds in shared code, for every model, rather than
// in a query builder the layer could subclass. Objection is pinned to exactly that version;
// these are what an upgrade would have to re-check, with `operation-internals.ts`.

// Objection's own modules, for the few of its functions and classes it does not export.
const requireFromObjection = createRequire(require.resolve('objection'));

/** One step of a parsed JSON field expression (`data:a[0]` has two: `a`, then `0`). */
export interface FieldAccess {
  readonly type: 'object' | 'array';
  readonly ref: string | number;
}

/** A field expression as Objection parses it: `t.data:a.b` is column `t.data`, then `a`, `b`. */
export interface ParsedFieldExpression {
  readonly columnName: string;
  readonly column: string;
  readonly table: string | null;
  readonly access: readonly FieldAccess[];
}

/**
 * The module of Objection's field-expression parser. Its `whereJson*` methods call the parser
 * through it (the `ref()` builder holds its own copy of the function), so what the module
 * exports is what those methods read.
 */
export const fieldExpressionParser = requireFromObjection('./utils/parseFieldExpression') as {
  parseFieldExpression(expression: string): ParsedFieldExpression;
};

/** What a `ref()` keeps: the builder Objection makes for `ref('data:a')`. */
export interface ReferenceInternals {
  readonly _parsedExpr: ParsedFieldExpression;
  readonly _cast: string | null;
  fullColumn(builder: AnyQueryBuilder): string;
  /** Objection's: the SQL of the reference, its bindings pushed onto `bindings`. */
  _createReferenceSql(builder: AnyQueryBuilder, bindings: unknown[]): string;
}

/** The prototype of Objection's `ref()` builders. */
export const referencePrototype = Object.getPrototypeOf(
  objection.ref('column'),
) as ReferenceInternals;

/** An operation that writes one row's values: `update`, `patch`, `merge` after `onConflict`. */
export interface RowWriteOperation {
  readonly model: Model | null;
  onBuildKnex(knexBuilder: Knex.QueryBuilder, builder: AnyQueryBuilder): Knex.QueryBuilder;
}

/** Objection's update/patch operation (and its relation and instance forms, which inherit it). */
export const updateOperationPrototype = (
  requireFromObjection('./queryBuilder/operations/UpdateOperation') as {
    UpdateOperation: { prototype: RowWriteOperation };
  }
).UpdateOperation.prototype;

/** Objection's `merge()` operation of an insert's `onConflict()`. */
export const mergeOperationPrototype = (
  requireFromObjection('./queryBuilder/operations/MergeOperation') as {
    MergeOperation: { prototype: RowWriteOperation };
  }
).MergeOperation.prototype;

/** What Objection's upsert decides about one node: which of its given properties change. */
export interface NodeChanges {
  changedProps: string[];
  unchangedProps: string[];
}

/** A node of Objection's upsert graph: the model it was given as. */
export interface UpsertGraphNode {
  readonly obj: Model;
}

/** The action of Objection's upsert that patches the nodes whose properties changed. */
export interface GraphPatchActionInternals {
  readonly currentGraph: { nodeForNode(node: UpsertGraphNode): UpsertGraphNode | null };
  _findChanges(node: UpsertGraphNode): NodeChanges;
}

/** The prototype of Objection's upsert patch action. */
export const graphPatchActionPrototype = (
  requireFromObjection('./queryBuilder/graph/patch/GraphPatchAction') as {
    GraphPatchAction: { prototype: GraphPatchActionInternals };
  }
).GraphPatchAction.prototype;
