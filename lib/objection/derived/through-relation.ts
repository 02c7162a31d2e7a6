import { type AnyQueryBuilder, type Model, type ModelClass, ref, type Relation } from 'objection';
import { InvalidRelationError } from '../../errors';
import { tableNameOf } from '../query-internals';
import { type KeyColumn, relationFacts } from '../relation-facts';
import {
  OWNER_KEY_ALIAS,
  ObjectionFindOperationClass,
  ReadOnlyRelationClass,
  type RelationOwner,
  resolveModelClass,
} from './objection-relation-base';

/** What a through relation's declaration says: the relation it goes through, then the target's. */
export interface ThroughMapping {
  readonly through: { readonly relation: string; readonly source: string };
  readonly isOneToOne: boolean;
  readonly modelClass: unknown;
}

/** One join from the target's table back towards the owner: `table as alias on alias.column = other`. */
export interface ThroughJoin {
  readonly table: string;
  readonly alias: string;
  readonly column: string;
  /** `alias.column` of the previous join, or the bare column of the target's table. */
  readonly other: string;
  /** Whether `other` is a column of the target's table (qualified by its table reference). */
  readonly isOnTarget: boolean;
}

/** How a through relation reaches its owners from its targets. */
export interface ThroughPath {
  readonly first: Relation;
  readonly second: Relation;
  readonly joins: readonly ThroughJoin[];
  /** `alias.column` holding the owner's key, which the query filters and groups on. */
  readonly ownerKeyColumn: string;
}

function plainKeys(relation: Relation, qualifiedName: string) {
  const facts = relationFacts(relation);
  const keys = { owner: facts.ownerKey, related: facts.relatedKey };
  if (facts.hasModifier || !keys.owner || !keys.related) {
    throw new InvalidRelationError(
      `${qualifiedName} goes through ${facts.qualifiedName}, which has a composite key or a ` +
        'modify/filter; a through relation needs one-column keys and no modifier',
    );
  }
  switch (facts.kind) {
    case 'hasMany':
    case 'hasOne':
    case 'belongsToOne':
      return { owner: keys.owner, related: keys.related, joinTable: undefined };
    case 'manyToMany': {
      const { joinTable, joinTableOwnerKey, joinTableRelatedKey } = facts;
      if (!joinTableOwnerKey || !joinTableRelatedKey || facts.hasJoinTableModifier) {
        throw new InvalidRelationError(
          `${qualifiedName} goes through ${facts.qualifiedName}, whose join table has a ` +
            'composite key or a modifier',
        );
      }
      const joinKeys = { table: joinTable, owner: joinTableOwnerKey, related: joinTableRelatedKey };
      return { owner: keys.owner, related: keys.related, joinTable: joinKeys };
    }
    default:
      throw new InvalidRelationError(
        `${qualifiedName} goes through ${facts.qualifiedName}, a ${facts.kind} relation; ` +
          'a through relation goes through HasMany, HasOne, BelongsToOne or ManyToMany only',
      );
  }
}

interface HopKeys {
  owner: KeyColumn;
  related: KeyColumn;
  joinTable: { table: string; owner: KeyColumn; related: KeyColumn } | undefined;
}

/**
 * The joins from the target's table back to the column holding the owner's key: the second
 * hop's join table and the intermediate table, then the first hop's join table if it has one.
 */
function pathOf(
  name: string,
  first: Relation,
  second: Relation,
  qualifiedName: string,
): ThroughPath {
  const firstKeys: HopKeys = plainKeys(first, qualifiedName);
  const secondKeys: HopKeys = plainKeys(second, qualifiedName);
  const joins: ThroughJoin[] = [];
  const alias = () => `${name}_hop${joins.length}`;
  let previous = { ref: secondKeys.related.col, isOnTarget: true };
  const join = (table: string, column: string, nextColumn: string) => {
    const as = alias();
    joins.push({ table, alias: as, column, other: previous.ref, isOnTarget: previous.isOnTarget });
    previous = { ref: `${as}.${nextColumn}`, isOnTarget: false };
  };
  const intermediateTable = tableNameOf(first.relatedModelClass);
  if (secondKeys.joinTable) {
    const { table, owner, related } = secondKeys.joinTable;
    join(table, related.col, owner.col);
  }
  join(intermediateTable, secondKeys.owner.col, firstKeys.related.col);
  if (firstKeys.joinTable) {
    const { table, owner, related } = firstKeys.joinTable;
    join(table, related.col, owner.col);
  }
  return { first, second, joins, ownerKeyColumn: previous.ref };
}

/** What a relation owner's models answer that Objection's typings leave out. */
interface KeyedModel {
  $propKey(props: string[]): string;
}

/**
 * Objection's relation find for a through relation: joins from the targets back to the owner's
 * key, selects that key under Objection's temporary alias and assigns the rows to their owners
 * by it, as Objection's ManyToMany does with its join table.
 */
class ThroughFindOperation extends ObjectionFindOperationClass {
  override onBuild(builder: AnyQueryBuilder): void {
    const relation = this.relation as unknown as ThroughRelation;
    this.maybeApplyAlias(builder);
    if (!builder.hasSelects())
      builder.select(`${builder.tableRefFor(relation.relatedModelClass)}.*`);
    relation.findQuery(builder, this.owner);
    if (this.assignResultToOwner && this.owner.isModels) {
      builder.select(ref(relation.throughPath.ownerKeyColumn).as(OWNER_KEY_ALIAS));
      this.omitProps.push(relation.relatedModelClass.columnNameToPropertyName(OWNER_KEY_ALIAS));
    }
  }

  override onAfter2(_builder: AnyQueryBuilder, related: Model[]): unknown {
    if (!this.assignResultToOwner || !this.owner.isModels) return related;
    const aliasProp = this.relation.relatedModelClass.columnNameToPropertyName(OWNER_KEY_ALIAS);
    const byOwner = new Map<string, Model[]>();
    for (const row of related) {
      const key = (row as unknown as KeyedModel).$propKey([aliasProp]);
      const rows = byOwner.get(key) ?? [];
      rows.push(row);
      byOwner.set(key, rows);
    }
    const ownerProps = this.relation.ownerProp.props;
    for (const owner of this.owner.modelArray) {
      const rows = byOwner.get((owner as unknown as KeyedModel).$propKey(ownerProps)) ?? [];
      (owner as unknown as Record<string, unknown>)[this.relationProperty] =
        this.relation.isOneToOne() ? (rows[0] ?? null) : rows;
    }
    return related;
  }
}

/**
 * A read-only relation across two existing ones, as Rails' `has_many :products, through:
 * :orders`: `Customer.purchasedProducts` goes through `Customer.orders`, then `Order.products`.
 * Reads run through Objection's pipeline (`withGraphFetched`, `$relatedQuery`,
 * `relatedQuery().for()`) as one statement joining back to the owner's key; every write through
 * it fails with `ReadOnlyRelationError` before any statement.
 */
export class ThroughRelation extends ReadOnlyRelationClass {
  /** How relation-facts classifies the class without importing it. */
  static readonly layerKind = 'through';

  throughPath!: ThroughPath;
  private oneToOne = false;

  setMapping(mapping: ThroughMapping): void {
    const qualifiedName = `${this.ownerModelClass.name}.${this.name}`;
    const first = this.ownerModelClass.getRelation(mapping.through.relation);
    const second = first.relatedModelClass.getRelation(mapping.through.source);
    const declared = resolveModelClass(mapping.modelClass, this.ownerModelClass);
    if (tableNameOf(second.relatedModelClass) !== tableNameOf(declared)) {
      throw new InvalidRelationError(
        `${qualifiedName} is declared with ${declared.name}, but ` +
          `${first.relatedModelClass.name}.${second.name} leads to ${second.relatedModelClass.name}`,
      );
    }
    this.relatedModelClass = second.relatedModelClass as ModelClass<Model>;
    this.ownerProp = first.ownerProp;
    this.relatedProp = second.relatedProp;
    this.modify = null;
    this.beforeInsert = (model) => model;
    this.oneToOne = mapping.isOneToOne;
    this.throughPath = pathOf(this.name, first, second, qualifiedName);
  }

  override isOneToOne(): boolean {
    return this.oneToOne;
  }

  override clone(): ThroughRelation {
    const clone = super.clone() as ThroughRelation;
    clone.throughPath = this.throughPath;
    clone.oneToOne = this.oneToOne;
    return clone;
  }

  findQuery(builder: AnyQueryBuilder, owner: RelationOwner): AnyQueryBuilder {
    const target = builder.tableRefFor(this.relatedModelClass);
    for (const { table, alias, column, other, isOnTarget } of this.throughPath.joins) {
      builder.join(
        `${table} as ${alias}`,
        `${alias}.${column}`,
        isOnTarget ? `${target}.${other}` : other,
      );
    }
    owner.buildFindQuery(builder, this, [ref(this.throughPath.ownerKeyColumn)]);
    return builder;
  }

  find(_builder: AnyQueryBuilder, owner: RelationOwner): ThroughFindOperation {
    return new ThroughFindOperation('find', { relation: this, owner });
  }

  join(): never {
    throw new InvalidRelationError(
      `${this.ownerModelClass.name}.${this.name} is a through relation, which withGraphJoined ` +
        'and joinRelated cannot join; load it with withGraphFetched',
    );
  }
}
