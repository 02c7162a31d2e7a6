import { createRequire } from 'node:module';
import type { AnyQueryBuilder, Model, ModelClass, RelationProperty } from 'objection';
import { ReadOnlyRelationError } from '../../errors';

// Objection 3.1.5's relation and operation classes that a read-only relation kind extends: they
// are exported as values but typed as interfaces only, so their shapes are declared here. An
// upgrade re-checks these with `operation-internals.ts`.

const requireFromObjection = createRequire(require.resolve('objection'));

/** What a relation owner is to Objection: models, identifiers, a query or a parent reference. */
export interface RelationOwner {
  readonly isModels: boolean;
  readonly isReference: boolean;
  readonly modelArray: Model[];
  /** The owner's values of `ownerProp`, or a query selecting them, or null when there are none. */
  getProps(relation: object, ownerProp?: RelationProperty): unknown[][] | AnyQueryBuilder | null;
  buildFindQuery(builder: AnyQueryBuilder, relation: object, relatedRefs: unknown[]): void;
  readonly reference: unknown[];
}

/** The members of Objection's `Relation` that a subclass sets or reads. */
export interface ObjectionRelation {
  name: string;
  ownerModelClass: ModelClass<Model>;
  relatedModelClass: ModelClass<Model>;
  ownerProp: RelationProperty;
  relatedProp: RelationProperty;
  modify: unknown;
  beforeInsert: (model: Model) => Model;
  isOneToOne(): boolean;
  clone(): ObjectionRelation;
  bindKnex(knex: unknown): ObjectionRelation;
  createError(message: string): Error;
}

interface RelationClass {
  new (name: string, ownerModelClass: ModelClass<Model>): ObjectionRelation;
}

/** Objection's base `Relation` class, for relation kinds Objection does not have. */
export const ObjectionRelationClass = (
  requireFromObjection('./relations/Relation') as { Relation: RelationClass }
).Relation;

/** The members of Objection's `RelationFindOperation` a subclass reads or overrides. */
export interface ObjectionFindOperation {
  readonly relation: ObjectionRelation;
  readonly owner: RelationOwner;
  readonly assignResultToOwner: boolean;
  /** Whether a one-to-one relation's query still resolves to a list. */
  alwaysReturnArray: boolean;
  readonly relationProperty: string;
  readonly omitProps: string[];
  maybeApplyAlias(builder: AnyQueryBuilder): void;
  onBuild(builder: AnyQueryBuilder): void;
  onAfter2(builder: AnyQueryBuilder, related: Model[]): unknown;
  onAfter3(builder: AnyQueryBuilder, related: unknown): unknown;
}

interface FindOperationClass {
  new (
    name: string,
    options: { relation: ObjectionRelation; owner: RelationOwner },
  ): ObjectionFindOperation;
}

/** Objection's find operation of a relation query: `$relatedQuery`, eager loading. */
export const ObjectionFindOperationClass = (
  requireFromObjection('./relations/RelationFindOperation') as {
    RelationFindOperation: FindOperationClass;
  }
).RelationFindOperation;

interface OperationClass {
  new (
    name: string,
    options: { qualifiedName: string },
  ): { readonly name: string; readonly opt: { qualifiedName: string }; onBefore1(): unknown };
}

const QueryBuilderOperation = (
  requireFromObjection('./queryBuilder/operations/QueryBuilderOperation') as {
    QueryBuilderOperation: OperationClass;
  }
).QueryBuilderOperation;

/**
 * The operation a read-only relation gives Objection for a write (`insert`, `relate`, `patch`,
 * `delete`, …): the query fails with `ReadOnlyRelationError` when it runs, before any statement.
 */
export class RefusedWriteOperation extends QueryBuilderOperation {
  // Objection clones an operation as `new Class(name, opt)`: what it needs goes in `opt`.
  constructor(name: string, qualifiedName: string | { qualifiedName: string }) {
    super(name, typeof qualifiedName === 'string' ? { qualifiedName } : qualifiedName);
  }

  override onBefore1(): never {
    throw new ReadOnlyRelationError(this.opt.qualifiedName, this.name);
  }
}

/**
 * A relation kind whose writes Objection must never run: every write operation it hands Objection
 * is a `RefusedWriteOperation`, so the query fails with `ReadOnlyRelationError` when it runs.
 */
export class ReadOnlyRelationClass extends ObjectionRelationClass {
  insert(): RefusedWriteOperation {
    return this.refusedWrite('insert');
  }

  update(): RefusedWriteOperation {
    return this.refusedWrite('update');
  }

  patch(): RefusedWriteOperation {
    return this.refusedWrite('patch');
  }

  delete(): RefusedWriteOperation {
    return this.refusedWrite('delete');
  }

  relate(): RefusedWriteOperation {
    return this.refusedWrite('relate');
  }

  unrelate(): RefusedWriteOperation {
    return this.refusedWrite('unrelate');
  }

  private refusedWrite(write: string): RefusedWriteOperation {
    return new RefusedWriteOperation(write, `${this.ownerModelClass.name}.${this.name}`);
  }
}

/** Objection's temporary column alias for an owner key selected alongside related rows. */
export const OWNER_KEY_ALIAS = (
  requireFromObjection('./utils/tmpColumnUtils') as { getTempColumn(index: number): string }
).getTempColumn(0);

const modelResolver = requireFromObjection('./utils/resolveModel') as {
  resolveModel(modelRef: unknown, modelPaths: unknown, errorPrefix: string): ModelClass<Model>;
};

/** The model class a mapping's `modelClass` names (a class, a thunk or a path), as Objection resolves it. */
export function resolveModelClass(modelRef: unknown, owner: ModelClass<Model>): ModelClass<Model> {
  const { modelPaths } = owner as unknown as { modelPaths: unknown };
  return modelResolver.resolveModel(modelRef, modelPaths, 'modelClass');
}
