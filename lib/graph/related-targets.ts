import type { Knex } from 'knex';
import type { AnyQueryBuilder, Model, ModelClass, Relation } from 'objection';
import { chunksOf, valuesPerStatement } from '../database/chunks';
import { ChildNotFoundError } from '../errors';
import { tableNameOf } from '../objection/query-internals';
import { rememberModelOrigin } from '../observe/query-origin';
import { isDeclaredByLayer } from '../relations';
import { type KeyColumn, relationFacts, unhandledKind } from '../objection/relation-facts';
import { factsOf, idOf, keyOf, mentionedChildrenOf, propsOf } from './upsert/graph-nodes';

/** The options of a graph write that decide which of its nodes are related. */
interface RelateOptions {
  relate?: boolean | string[];
  insertMissing?: boolean | string[];
}

/** A node the write relates, and what it is named by. */
interface RelatedNode {
  node: Model;
  parent: Model;
  key: unknown;
  path: string;
}

/** The nodes related through one relation path, and the target column their keys are in. */
interface RelatedLevel {
  relation: Relation;
  column: string;
  nodes: RelatedNode[];
}

function appliesTo(option: boolean | string[] | undefined, path: string): boolean {
  return option === true || (Array.isArray(option) && option.includes(path));
}

/**
 * The key a relate attaches a node by, as Objection reads it: a HasMany/HasOne child's id (its
 * foreign key is then set), the target key of a ManyToMany or BelongsToOne (`#dbRef` included).
 */
function relateKeyOf(relation: Relation): KeyColumn | undefined {
  const facts = relationFacts(relation);
  switch (facts.kind) {
    case 'hasMany':
    case 'hasOne': {
      const { idColumn, idProp } = factsOf(facts.relatedModelClass);
      return idColumn === undefined ? undefined : { prop: idProp!, col: idColumn };
    }
    // Relating through a polymorphic relation is refused before (see `refuseMorphWrites`).
    case 'morphMany':
    case 'morphOne':
    case 'morphTo':
      return undefined;
    case 'belongsToOne':
    case 'manyToMany':
    case 'through':
    case 'recursive':
    case 'unsupported':
      return facts.relatedKey ?? undefined;
    default:
      return unhandledKind(facts);
  }
}

function collect(
  modelClass: ModelClass<Model>,
  nodes: readonly { node: Model; path: string }[],
  prefix: string,
  options: RelateOptions,
  levels: Map<string, RelatedLevel>,
): void {
  for (const relation of Object.values(modelClass.getRelations())) {
    const children: { node: Model; path: string }[] = [];
    const relationPath = prefix ? `${prefix}.${relation.name}` : relation.name;
    const isRelated =
      isDeclaredByLayer(relation) &&
      appliesTo(options.relate, relationPath) &&
      !appliesTo(options.insertMissing, relationPath);
    const key = isRelated ? relateKeyOf(relation) : undefined;
    for (const { node, path } of nodes) {
      const mentioned = mentionedChildrenOf(node, relation);
      if (!mentioned) continue;
      const isList = Array.isArray(propsOf(node)[relation.name]);
      mentioned.forEach((child, index) => {
        const at = `${path}${path ? '.' : ''}${relation.name}${isList ? `[${index}]` : ''}`;
        children.push({ node: child, path: at });
        if (!key) return;
        const { dbRefProp } = child.constructor as ModelClass<Model>;
        const value = propsOf(child)[dbRefProp] ?? propsOf(child)[key.prop];
        if (value === undefined || value === null) return;
        const level = levels.get(relationPath) ?? { relation, column: key.col, nodes: [] };
        level.nodes.push({ node: child, parent: node, key: value, path: at });
        levels.set(relationPath, level);
      });
    }
    if (children.length > 0) {
      collect(relation.relatedModelClass, children, relationPath, options, levels);
    }
  }
}

async function existingKeys(knex: Knex, level: RelatedLevel): Promise<Set<string>> {
  const target = level.relation.relatedModelClass;
  const table = tableNameOf(target);
  const keys = [...new Map(level.nodes.map(({ key }) => [keyOf(key), key])).values()];
  const found = new Set<string>();
  for (const chunk of chunksOf(keys as Knex.Value[], valuesPerStatement(knex))) {
    const query = knex(table)
      .select(`${table}.${level.column}`)
      .whereIn(`${table}.${level.column}`, chunk);
    rememberModelOrigin(
      query,
      target,
      `${level.relation.ownerModelClass.name}.${level.relation.name}`,
    );
    for (const row of (await query) as Record<string, unknown>[])
      found.add(keyOf(row[level.column]));
  }
  return found;
}

/**
 * Refuses a graph write, before it writes anything, that relates (Objection's `relate` option,
 * by path or `true`) a row that does not exist, through a relation declared with the layer's
 * helpers: Objection would drop it without a word (a HasMany relate updates no row) or fail on
 * a foreign key. Throws a `ChildNotFoundError` naming the relation path, the node's path and the
 * id. One read per relation path that relates nodes; none when the write relates nothing. A path
 * the caller's `insertMissing` covers inserts its missing rows instead, as Objection does.
 *
 * @example
 * await refuseMissingRelatedTargets(builder, [order], { relate: ['products'] });
 */
export async function refuseMissingRelatedTargets(
  builder: AnyQueryBuilder,
  roots: readonly Model[],
  options: RelateOptions,
): Promise<void> {
  if (!options.relate) return;
  const levels = new Map<string, RelatedLevel>();
  collect(
    builder.modelClass(),
    roots.map((node) => ({ node, path: '' })),
    '',
    options,
    levels,
  );
  for (const [relationPath, level] of levels) {
    const found = await existingKeys(builder.knex(), level);
    const missing = level.nodes.find(({ key }) => !found.has(keyOf(key)));
    if (!missing) continue;
    const parentClass = missing.parent.constructor as ModelClass<Model>;
    throw new ChildNotFoundError(level.relation.relatedModelClass.name, missing.key, {
      relation: relationPath,
      path: missing.path,
      parent: { model: parentClass.name, id: idOf(missing.parent) },
      relating: true,
    });
  }
}
