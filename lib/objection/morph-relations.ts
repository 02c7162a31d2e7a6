import { createRequire } from 'node:module';
import {
  type AnyQueryBuilder,
  Model,
  type ModelClass,
  type Relation,
  type RelationMapping,
  type RelationType,
} from 'objection';
import { InvalidRelationError, UnsupportedQueryError } from '../errors';

// Polymorphic relations as subclasses of Objection 3.1.5's relation classes, so that
// `withGraphFetched`, `$relatedQuery` and graph writes run through Objection's pipeline. This
// file knows Objection's private relation and operation shapes; the rest of the layer reads
// what it needs through `relationFacts` (kinds 'morphMany', 'morphOne', 'morphTo').

const requireFromObjection = createRequire(require.resolve('objection'));

/** What a polymorphic child row stores: which owner model (a type value) and its id. */
export interface MorphColumns {
  /** The type column, `comments.commentable_type`. */
  readonly typeColumn: string;
  /** The id column, `comments.commentable_id`. */
  readonly idColumn: string;
}

/** What `morphMany`/`morphOne` declare besides the join: the type value of their owner. */
export interface MorphOwnerSide extends MorphColumns {
  /** The value the type column holds for this owner (`'post'`), never a JS class name. */
  readonly typeValue: string;
}

/** What `morphTo` declares: the columns and the morph map, type value to model. */
export interface MorphTargetSide extends MorphColumns {
  readonly targets: () => Readonly<Record<string, ModelClass<Model>>>;
}

/** A mapping with the morph declaration on it, as the layer's helpers build it. */
export interface MorphMapping extends RelationMapping<Model> {
  readonly morph: MorphOwnerSide | MorphTargetSide;
}

// The members of Objection's relation classes (beyond its typings) these subclasses use.
interface RelationInternals extends Relation {
  setMapping(mapping: RelationMapping<Model>): unknown;
  clone(): RelationInternals;
  createError(message: string): Error;
  isOneToOne(): boolean;
  find(builder: AnyQueryBuilder, owner: RelationOwner): unknown;
  morph?: MorphOwnerSide | ResolvedMorphTargets;
}

interface RelationOwner {
  readonly isModels: boolean;
  readonly modelArray: Model[];
}

type RelationClass = new (name: string, ownerModelClass: typeof Model) => RelationInternals;

/** The morph map of a `morphTo`, resolved once its targets' modules have loaded. */
export interface ResolvedMorphTargets extends MorphColumns {
  readonly targets: ReadonlyMap<string, ModelClass<Model>>;
}

function plainColumn(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

/** Writes through a polymorphic relation that Objection's parent classes would get wrong. */
function refuseWrite(relation: Relation, what: string): never {
  throw new UnsupportedQueryError(
    `${relation.ownerModelClass.name}.${relation.name} is polymorphic: ${what}`,
  );
}

const RELATE_REFUSAL =
  'relate/unrelate would move the id column without the type column; insert the child ' +
  'through the relation, or write its type and id columns on the child itself';

function morphOwnerClass(base: RelationClass): RelationClass {
  return class extends base {
    override setMapping(mapping: RelationMapping<Model>) {
      const morph = (mapping as MorphMapping).morph as MorphOwnerSide;
      const typeColumn = `${plainColumn(morph.typeColumn)}`;
      const qualifiedType = morph.typeColumn;
      const result = super.setMapping({
        ...mapping,
        // The owner's children are those of its type: every read, update and delete through
        // the relation (eager loading included) carries the type condition.
        filter: (query: AnyQueryBuilder) => query.where(qualifiedType, morph.typeValue),
        beforeInsert: (child: Model) => {
          const typeProp = this.relatedModelClass.columnNameToPropertyName(typeColumn);
          (child as unknown as Record<string, unknown>)[typeProp] = morph.typeValue;
        },
      });
      this.morph = morph;
      return result;
    }

    override clone() {
      const relation = super.clone();
      relation.morph = this.morph;
      return relation;
    }

    relate(): never {
      return refuseWrite(this, RELATE_REFUSAL);
    }

    unrelate(): never {
      return refuseWrite(this, RELATE_REFUSAL);
    }
  };
}

/** Objection's HasMany, narrowed to the children whose type column names the owner's type. */
export const MorphManyRelation = morphOwnerClass(Model.HasManyRelation as unknown as RelationClass);

/** Objection's HasOne, narrowed likewise. */
export const MorphOneRelation = morphOwnerClass(Model.HasOneRelation as unknown as RelationClass);

interface FindOperationInternals {
  readonly name: string;
  owner: RelationOwner;
  relation: RelationInternals;
  alwaysReturnArray: boolean;
  assignResultToOwner: boolean;
  relationProperty: string;
}

interface BuilderInternals extends AnyQueryBuilder {
  findOperation(selector: string | ((op: { name: string }) => boolean)): unknown;
  forEachOperation(selector: boolean, callback: (op: { name: string }) => void): void;
  graphExpressionObject(): unknown;
}

const { RelationFindOperation } = requireFromObjection('./relations/RelationFindOperation') as {
  RelationFindOperation: new (
    name: string,
    options: { relation: Relation; owner: RelationOwner },
  ) => FindOperationInternals;
};

function morphTargetsOf(relation: RelationInternals): ResolvedMorphTargets {
  return relation.morph as ResolvedMorphTargets;
}

// `childQueryOf` (the transaction and context of the query it serves) is missing from the typings.
interface ChildQuery {
  childQueryOf(builder: AnyQueryBuilder): AnyQueryBuilder;
}

const typeAndIdKey = (type: unknown, id: unknown) => JSON.stringify([type, id]);

/**
 * The find of a `morphTo`: one query per target type among the owners, each through the target
 * model's own query (its hooks, scopes and the layer's fast paths), with the levels the
 * expression names below it loaded by that query. The relation query Objection made for the
 * first target only carries this operation and the expression below the relation.
 */
class MorphToFindOperation extends RelationFindOperation {
  private expressionBelow: unknown = null;

  onBefore1(builder: BuilderInternals): void {
    builder.forEachOperation(true, (op) => {
      if (op !== (this as unknown) && op.name !== 'eager') {
        refuseWrite(
          this.relation,
          `a query through it takes no '${op.name}': each target type is its own table; ` +
            'filter the targets through their own models',
        );
      }
    });
    if (builder.findOperation('eager')) {
      this.expressionBelow = builder.graphExpressionObject();
      builder.clearWithGraph();
    }
  }

  onBuild(): void {
    // The queries are the targets' own (see `queryExecutor`); this one is never sent.
  }

  hasQueryExecutor(): boolean {
    return true;
  }

  async queryExecutor(builder: AnyQueryBuilder): Promise<Model[]> {
    if (!this.owner.isModels) {
      refuseWrite(this.relation, 'it cannot be used as a subquery (relatedQuery, joinRelated)');
    }
    const { typeColumn, idColumn, targets } = morphTargetsOf(this.relation);
    refuseMissingRelationsBelow(this.relation, targets, this.expressionBelow);
    const ownerClass = this.relation.ownerModelClass;
    const typeProp = ownerClass.columnNameToPropertyName(typeColumn);
    const idProp = ownerClass.columnNameToPropertyName(idColumn);
    const idsByType = new Map<string, Set<unknown>>();
    for (const owner of this.owner.modelArray) {
      const row = owner as unknown as Record<string, unknown>;
      const type = row[typeProp];
      const id = row[idProp];
      if (typeof type !== 'string' || id === null || id === undefined) continue;
      if (!targets.has(type)) continue;
      const ids = idsByType.get(type) ?? new Set<unknown>();
      ids.add(id);
      idsByType.set(type, ids);
    }
    const found: Model[] = [];
    for (const [type, target] of targets) {
      const ids = idsByType.get(type);
      if (!ids) continue;
      const query = (target.query() as unknown as ChildQuery)
        .childQueryOf(builder)
        .whereIn(`${target.tableName}.${[target.idColumn].flat()[0]}`, [...ids] as never[]);
      if (this.expressionBelow) query.withGraphFetched(this.expressionBelow as string);
      const rows = (await query) as Model[];
      for (const row of rows) morphTypeOfTarget.set(row, type);
      found.push(...rows);
    }
    return found;
  }

  onAfter2(_builder: AnyQueryBuilder, related: Model[]): Model[] {
    if (!this.assignResultToOwner || !this.owner.isModels) return related;
    const ownerClass = this.relation.ownerModelClass;
    const { typeColumn, idColumn } = morphTargetsOf(this.relation);
    const typeProp = ownerClass.columnNameToPropertyName(typeColumn);
    const idProp = ownerClass.columnNameToPropertyName(idColumn);
    const byTypeAndId = new Map<string, Model>();
    for (const target of related) {
      const id = (target as unknown as Record<string, unknown>)[idPropOf(target)];
      byTypeAndId.set(typeAndIdKey(morphTypeOfTarget.get(target), String(id)), target);
    }
    for (const owner of this.owner.modelArray) {
      const row = owner as unknown as Record<string, unknown>;
      const key = typeAndIdKey(row[typeProp], String(row[idProp]));
      row[this.relationProperty] = byTypeAndId.get(key) ?? null;
    }
    return related;
  }

  onAfter3(_builder: AnyQueryBuilder, related: Model[]): Model[] | Model | undefined {
    // The targets' own queries ran their find hooks; as Objection's to-one relation query, a
    // single owner's query resolves to the one target (or undefined).
    if (!this.alwaysReturnArray && related.length <= 1) return related[0];
    return related;
  }
}

interface ExpressionPojo {
  readonly $childNames?: readonly string[];
  readonly [child: string]: unknown;
}

/**
 * Refuses, before any target is read, an expression below a morphTo naming a relation that some
 * model of its morph map lacks (`commentable.shop` where posts have no shop): every target type
 * is loaded with the same expression, as the typed graphs (`Loaded`) allow only the relations
 * every target has.
 */
function refuseMissingRelationsBelow(
  relation: Relation,
  targets: ReadonlyMap<string, ModelClass<Model>>,
  expression: unknown,
): void {
  const node = expression as ExpressionPojo | null;
  for (const childName of node?.$childNames ?? []) {
    const child = node?.[childName] as { $relation?: string } | undefined;
    const relationName = child?.$relation ?? childName;
    const lacking = [...targets]
      .filter(([, target]) => !target.getRelations()[relationName])
      .map(([type, target]) => `${target.name} ('${type}')`);
    if (lacking.length > 0) {
      throw new InvalidRelationError(
        `${relation.ownerModelClass.name}.${relation.name} is a morphTo: the relations below it ` +
          `are loaded on every target type, but ${lacking.join(', ')} has no relation ` +
          `${relationName}; load it through that type's own model`,
      );
    }
  }
}

// Which type value each loaded target was read for, so that owners are matched on type and id.
const morphTypeOfTarget = new WeakMap<Model, string>();

function idPropOf(model: Model): string {
  const modelClass = model.constructor as ModelClass<Model>;
  return modelClass.columnNameToPropertyName([modelClass.idColumn].flat()[0]!);
}

const BelongsToOne = Model.BelongsToOneRelation as unknown as RelationClass;

/**
 * The child's side: its type and id columns point at a row of one of several models, named by
 * the morph map. Objection sees a BelongsToOne onto the map's first model; every read goes
 * through `MorphToFindOperation`, and every write or join through it is refused.
 */
export class MorphToRelation extends BelongsToOne {
  override setMapping(mapping: RelationMapping<Model>) {
    const morph = (mapping as MorphMapping).morph as MorphTargetSide;
    const targets = new Map(Object.entries(morph.targets()));
    const [first] = targets.values();
    if (!first) throw this.createError('morphTo needs at least one target model');
    const result = super.setMapping({
      ...mapping,
      modelClass: first,
      join: { from: morph.idColumn, to: `${first.tableName}.${[first.idColumn].flat()[0]}` },
    });
    this.morph = {
      typeColumn: plainColumn(morph.typeColumn),
      idColumn: plainColumn(morph.idColumn),
      targets,
    };
    return result;
  }

  override clone() {
    const relation = super.clone();
    relation.morph = this.morph;
    return relation;
  }

  override find(_builder: AnyQueryBuilder, owner: RelationOwner) {
    return new MorphToFindOperation('find', { relation: this, owner });
  }

  insert(): never {
    return refuseWrite(this, 'insert the target through its own model, then set the child');
  }

  update(): never {
    return refuseWrite(this, 'update the target through its own model');
  }

  patch(): never {
    return refuseWrite(this, 'patch the target through its own model');
  }

  delete(): never {
    return refuseWrite(this, 'delete the target through its own model');
  }

  relate(): never {
    return refuseWrite(this, 'set the type and id columns on the child');
  }

  unrelate(): never {
    return refuseWrite(this, 'set the type and id columns on the child');
  }

  join(): never {
    return refuseWrite(
      this,
      'it cannot be joined (withGraphJoined, joinRelated): use withGraphFetched',
    );
  }
}

/** The morph declaration of a `morphMany`/`morphOne` relation object, if it is one. */
export function morphOwnerSideOf(relation: Relation): MorphOwnerSide | undefined {
  const { constructor } = relation;
  return constructor === MorphManyRelation || constructor === MorphOneRelation
    ? ((relation as RelationInternals).morph as MorphOwnerSide)
    : undefined;
}

/** The resolved morph map of a `morphTo` relation object, if it is one. */
export function morphTargetSideOf(relation: Relation): ResolvedMorphTargets | undefined {
  return relation.constructor === MorphToRelation
    ? morphTargetsOf(relation as RelationInternals)
    : undefined;
}

/** The relation classes of the polymorphic kinds, as a mapping's `relation` takes them. */
export const MORPH_RELATION_TYPES = {
  morphMany: MorphManyRelation as unknown as RelationType,
  morphOne: MorphOneRelation as unknown as RelationType,
  morphTo: MorphToRelation as unknown as RelationType,
} as const;
