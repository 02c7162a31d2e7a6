import type { Knex } from 'knex';
import type { Model } from 'objection';
import { type Relation } from 'objection';
import { dialectOf } from '../database/config';
import type { ForeignKeyInfo, ForeignKeyRule } from '../database/dialect';
import { deleteHooksOf } from '../delete/delete-hooks';
import { deletePolicyOf } from '../delete/delete-policies';
import { dependentKeyOf } from '../delete/relation-keys';
import { relationFacts, unhandledKind } from '../objection/relation-facts';
import { tableNameOf } from '../objection/query-internals';
import type { DeletePolicy } from '../relations';
import type { SchemaFinding } from './findings';

// The rule that backs each policy when a row is deleted outside the layer (raw SQL, another
// client): what the layer does through the models, the database does by itself.
const RULES_OF_POLICY: Record<DeletePolicy, readonly ForeignKeyRule[]> = {
  cascade: ['CASCADE'],
  unrelate: ['CASCADE'],
  nullify: ['SET NULL'],
  restrict: ['RESTRICT', 'NO ACTION'],
};

/** A relation from its owner to the rows that depend on it: not a BelongsToOne. */
/** Whether rows depend on the relation's owner through a key: not a BelongsToOne, nor a read-only derived relation. */
/** Whether rows of another table point at the relation's owner, through a key it declares. */
function isOwning(relation: Relation): boolean {
  const facts = relationFacts(relation);
  switch (facts.kind) {
    case 'hasMany':
    case 'hasOne':
    case 'manyToMany':
    case 'morphMany':
    case 'morphOne':
      return true;
    // The owner's side declares the key; derived relations have none of their own.
    case 'belongsToOne':
    case 'morphTo':
    case 'through':
    case 'recursive':
    case 'unsupported':
      return false;
    default:
      return unhandledKind(facts);
  }
}

const keyOf = (table: string, column: string) => `${table}.${column}`;

/**
 * The foreign keys of the schema against the models' relations: a key onto a model with delete
 * hooks that no relation declares, a declared policy the key's rule contradicts, and a key
 * column that leads no index.
 */
export async function foreignKeyFindings(
  knex: Knex,
  models: ReadonlyArray<typeof Model>,
): Promise<SchemaFinding[]> {
  const dialect = dialectOf(knex);
  const keys: ForeignKeyInfo[] = [];
  for (const table of await dialect.tableNames(knex))
    keys.push(...(await dialect.foreignKeys(knex, table)));

  const declared = new Map<string, { owner: typeof Model; relation: Relation }>();
  for (const owner of models) {
    for (const relation of Object.values(owner.getRelations()).filter(isOwning)) {
      const { table, column } = dependentKeyOf(relation);
      declared.set(keyOf(table, column), { owner, relation });
    }
  }

  const findings: SchemaFinding[] = [];
  const modelOfTable = new Map(models.map((model) => [tableNameOf(model), model]));
  for (const key of keys) {
    const { table, column, referencedTable, onDelete } = key;
    const declaration = declared.get(keyOf(table, column));
    const target = modelOfTable.get(referencedTable);
    if (!declaration && target && deleteHooksOf(target).length > 0) {
      findings.push({
        kind: 'undeclared-foreign-key',
        table,
        column,
        message:
          `${table}.${column} references ${referencedTable} (ON DELETE ${onDelete}), but no relation ` +
          `of ${target.name} declares it: deleting a ${target.name} leaves those rows to the ` +
          `database, without ${target.name}'s delete hooks or audit; declare the relation, with its inverse`,
      });
    }
    const policy = declaration && deletePolicyOf(declaration.owner, declaration.relation.name);
    if (declaration && policy && !RULES_OF_POLICY[policy].includes(onDelete)) {
      findings.push({
        kind: 'policy-contradicts-rule',
        table,
        column,
        message:
          `${declaration.owner.name}.${declaration.relation.name} declares onDelete '${policy}', ` +
          `but ${table}.${column} is ON DELETE ${onDelete}: a delete outside the layer does ` +
          `otherwise; make the rule ${RULES_OF_POLICY[policy].join(' or ')}`,
      });
    }
  }

  const indexed = new Map<string, Set<string>>();
  for (const { table, column } of keys) {
    let columns = indexed.get(table);
    if (!columns)
      indexed.set(table, (columns = new Set(await dialect.indexedLeadingColumns(knex, table))));
    if (columns.has(column)) continue;
    findings.push({
      kind: 'missing-index',
      table,
      column,
      message:
        `${table}.${column} is a foreign key that leads no index: every delete of the row it ` +
        'references, and every read through the relation, scans the table; add .index()',
    });
  }
  return findings;
}
