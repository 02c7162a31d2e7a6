import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model, ModelClass, Relation } from 'objection';
import { dialectOf } from '../../database/config';
import { InvalidRelationError, TreeCycleError } from '../../errors';
import { tableNameOf } from '../query-internals';
import { relationFacts } from '../relation-facts';
import {
  ObjectionFindOperationClass,
  ReadOnlyRelationClass,
  type RelationOwner,
} from './objection-relation-base';

/** What a recursive relation's declaration says: the relation it repeats, and how deep at most. */
export interface RecursiveMapping {
  readonly step: string;
  readonly maxDepth?: number;
}

/** How a recursive relation walks its table: from a row's `fromColumn` to the next rows' `toColumn`. */
export interface RecursiveWalk {
  readonly step: Relation;
  readonly table: string;
  readonly idColumn: string;
  readonly fromColumn: string;
  readonly toColumn: string;
  readonly maxDepth: number | undefined;
}

// Lowercase without underscores, so that no column-name mapper renames them on the way back.
const ROOT = 'layertreeroot';
const VIA = 'layertreevia';
const DEPTH = 'layertreedepth';
const CYCLE = 'layertreecycle';
const PATH = 'layertreepath';
const MARKS = [ROOT, VIA, DEPTH, CYCLE, PATH] as const;

function walkOf(owner: ModelClass<Model>, mapping: RecursiveMapping, name: string): RecursiveWalk {
  const qualifiedName = `${owner.name}.${name}`;
  const step = owner.getRelation(mapping.step);
  const facts = relationFacts(step);
  const isPlain =
    (facts.kind === 'hasMany' || facts.kind === 'hasOne' || facts.kind === 'belongsToOne') &&
    !facts.hasModifier &&
    facts.ownerKey !== null &&
    facts.relatedKey !== null &&
    tableNameOf(step.relatedModelClass) === tableNameOf(owner);
  const idColumn = owner.idColumn;
  if (!isPlain || !facts.ownerKey || !facts.relatedKey || typeof idColumn !== 'string') {
    throw new InvalidRelationError(
      `${qualifiedName} repeats ${facts.qualifiedName}, which must be a HasMany, HasOne or ` +
        `BelongsToOne from ${owner.name} to itself with one-column keys and no modifier`,
    );
  }
  if (
    mapping.maxDepth !== undefined &&
    !(Number.isInteger(mapping.maxDepth) && mapping.maxDepth > 0)
  ) {
    throw new InvalidRelationError(`${qualifiedName}'s maxDepth must be a positive whole number`);
  }
  return {
    step,
    table: tableNameOf(owner),
    idColumn,
    fromColumn: facts.ownerKey.col,
    toColumn: facts.relatedKey.col,
    maxDepth: mapping.maxDepth,
  };
}

/**
 * One `WITH RECURSIVE` over the table from the owners' rows: every row reached, with the owner
 * it was reached from, the row it was reached through, its depth and the ids on its path. A row
 * already on its path is kept, marked as a cycle, and not walked further, so that the walk ends
 * on any data; the read then reports the cycle.
 */
function recursiveTerm(knex: Knex, walk: RecursiveWalk, cte: string, ownerIds: unknown): Knex.Raw {
  const dialect = dialectOf(knex);
  const { sql: ownerCondition, binding } = dialect.keyListCondition(
    ownerIds as Array<string | number>,
  );
  const onPath = dialect.containsText(`t.${PATH}`, `',' || n.??  || ','`);
  const depthLimit = walk.maxDepth === undefined ? '' : ` and t.${DEPTH} < ${walk.maxDepth}`;
  const { idColumn, fromColumn, toColumn, table } = walk;
  return knex.raw(
    `select a.??, a.??, a.??, a.??, 0, cast(',' || a.?? || ',' as text), 0 from ?? as a where ${ownerCondition}` +
      ` union all ` +
      `select n.??, n.??, t.${ROOT}, t.node, t.${DEPTH} + 1, t.${PATH} || n.?? || ',', ` +
      `case when ${onPath} then 1 else 0 end ` +
      `from ?? as n join ?? as t on n.?? = t.link where t.${CYCLE} = 0${depthLimit}`,
    [
      idColumn,
      fromColumn,
      idColumn,
      idColumn,
      idColumn,
      table,
      `a.${idColumn}`,
      binding,
      idColumn,
      fromColumn,
      idColumn,
      idColumn,
      table,
      cte,
      toColumn,
    ] as Knex.RawBinding[],
  );
}

// knex's `withRecursive(alias, columns, query)`; Objection passes it through, its typings leave the columns out.
interface WithColumnList {
  withRecursive(alias: string, columns: string[], query: Knex.Raw): unknown;
}

type TreeRow = Model & Record<(typeof MARKS)[number], unknown>;

function compareIds(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/** A cycle's ids, from the path of the row that closed it. */
function cycleIds(row: TreeRow, idColumn: string): unknown[] {
  const path = String(row[PATH])
    .split(',')
    .filter((id) => id !== '');
  return [...path, String((row as Record<string, unknown>)[idColumn])];
}

/**
 * Objection's relation find for a recursive relation: the owners' rows walked with one
 * recursive CTE, then nested: under each owner the rows reached from it in one step, under each
 * of those the rows reached from it, each level ordered by id. `$relatedQuery` returns every row
 * reached, flat, nearest first (by depth, then id).
 */
class RecursiveFindOperation extends ObjectionFindOperationClass {
  override onBuild(builder: AnyQueryBuilder): void {
    const relation = this.relation as unknown as RecursiveRelation;
    const { walk } = relation;
    this.maybeApplyAlias(builder);
    // Ancestors are one-to-one at each step, but a query for them finds the whole chain.
    this.alwaysReturnArray = true;
    if (this.owner.isReference) throw relation.refusal('a subquery of another query');
    const ids = this.ownerIds(builder);
    const target = builder.tableRefFor(relation.relatedModelClass);
    const cte = `${relation.name}_tree`;
    const knex = builder.knex();
    if (!builder.hasSelects()) builder.select(`${target}.*`);
    const columns = ['node', 'link', ROOT, 'via', DEPTH, PATH, CYCLE];
    (builder as unknown as WithColumnList).withRecursive(
      cte,
      columns,
      recursiveTerm(knex, walk, cte, ids),
    );
    builder
      .join(cte, `${cte}.node`, `${target}.${walk.idColumn}`)
      .where(`${cte}.${DEPTH}`, '>', 0)
      .select(MARKS.map((mark) => `${cte}.${mark === VIA ? 'via' : mark} as ${mark}`));
  }

  private ownerIds(builder: AnyQueryBuilder): unknown[] {
    const relation = this.relation as unknown as RecursiveRelation;
    const props = this.owner.getProps(relation);
    if (props === null) return [];
    if (!Array.isArray(props))
      throw relation.refusal(`${builder.modelClass().name} ids from a query`);
    return props.map(([id]) => id);
  }

  override onAfter2(_builder: AnyQueryBuilder, related: Model[]): unknown {
    const relation = this.relation as unknown as RecursiveRelation;
    const { idColumn } = relation.walk;
    const rows = related as TreeRow[];
    const cycle = rows.find((row) => Number(row[CYCLE]) === 1);
    if (cycle) throw new TreeCycleError(relation.qualifiedName, cycleIds(cycle, idColumn));
    const idOf = (row: Model) => (row as unknown as Record<string, unknown>)[idColumn];
    rows.sort((a, b) => Number(a[DEPTH]) - Number(b[DEPTH]) || compareIds(idOf(a), idOf(b)));
    if (this.assignResultToOwner && this.owner.isModels) this.nest(relation, rows, idOf);
    for (const row of rows) for (const mark of MARKS) delete (row as Record<string, unknown>)[mark];
    return rows;
  }

  /** Hangs each row under the row it was reached through, and the first level under the owners. */
  private nest(relation: RecursiveRelation, rows: TreeRow[], idOf: (row: Model) => unknown): void {
    const property = this.relationProperty;
    const childrenOf = new Map<string, Model[]>();
    const keyOf = (root: unknown, via: unknown) => `${String(root)}\u0000${String(via)}`;
    for (const row of rows) {
      const key = keyOf(row[ROOT], row[VIA]);
      const siblings = childrenOf.get(key) ?? [];
      siblings.push(row);
      childrenOf.set(key, siblings);
    }
    const hang = (node: Model, root: unknown) => {
      const children = childrenOf.get(keyOf(root, idOf(node))) ?? [];
      const record = node as unknown as Record<string, unknown>;
      record[property] = relation.isOneToOne() ? (children[0] ?? null) : children;
      for (const child of children) hang(child, root);
    };
    for (const owner of this.owner.modelArray) hang(owner, idOf(owner));
  }
}

/**
 * A read-only relation that repeats a self-referential one to any depth, loaded with one
 * `WITH RECURSIVE` statement however deep and however many owners: `descendants` repeats
 * `children`, `ancestors` repeats `parent`. The rows come back nested (each under the row it
 * was reached through, in the same property); every write through it fails with
 * `ReadOnlyRelationError` before any statement; a cycle in the data fails the read with
 * `TreeCycleError`.
 */
export class RecursiveRelation extends ReadOnlyRelationClass {
  /** How relation-facts classifies the class without importing it. */
  static readonly layerKind = 'recursive';

  walk!: RecursiveWalk;

  get qualifiedName(): string {
    return `${this.ownerModelClass.name}.${this.name}`;
  }

  setMapping(mapping: RecursiveMapping): void {
    this.walk = walkOf(this.ownerModelClass, mapping, this.name);
    this.relatedModelClass = this.ownerModelClass;
    const { step } = this.walk;
    this.ownerProp =
      this.walk.idColumn === this.walk.fromColumn ? step.ownerProp : step.relatedProp;
    this.relatedProp = this.ownerProp;
    this.modify = null;
    this.beforeInsert = (model) => model;
  }

  override isOneToOne(): boolean {
    return relationFacts(this.walk.step).isToMany === false;
  }

  override clone(): RecursiveRelation {
    const clone = super.clone() as RecursiveRelation;
    clone.walk = this.walk;
    return clone;
  }

  /** The error for a use of the relation the layer does not support. */
  refusal(use: string): InvalidRelationError {
    return new InvalidRelationError(
      `${this.qualifiedName} is a recursive relation, which cannot be read as ${use}; load it ` +
        'with withGraphFetched or $relatedQuery',
    );
  }

  find(_builder: AnyQueryBuilder, owner: RelationOwner): RecursiveFindOperation {
    return new RecursiveFindOperation('find', { relation: this, owner });
  }

  join(): never {
    throw this.refusal('a join (withGraphJoined, joinRelated)');
  }
}
