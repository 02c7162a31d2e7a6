import type { Knex } from 'knex';
import type { Model } from 'objection';
import { dialectOf } from '../database/config';
import type { SchemaFinding } from './findings';
import { foreignKeyFindings } from './foreign-key-findings';
import { jsonSchemaFindings } from './json-schema-findings';
import { morphColumnsOf, morphOrphanFindings } from './morph-findings';

/**
 * Compares the models' declarations with the schema the database reports, and lists where they
 * drift apart: a foreign key onto a model with delete hooks that no relation declares (its rows
 * would go by `ON DELETE` without hooks or audit), a delete policy the key's rule contradicts,
 * a foreign key without an index, a JSON schema `maxLength` or `required` that disagrees with
 * the column, and the orphans of polymorphic relations (a type no morph map names, an owner row
 * that does not exist), which no foreign key can prevent. It only reads. An empty list means the
 * models and the schema agree.
 *
 * @example
 * for (const finding of await checkSchema(knex, allModels)) logger.warn(finding, finding.message);
 */
export async function checkSchema(
  knex: Knex,
  models: ReadonlyArray<typeof Model>,
): Promise<SchemaFinding[]> {
  const dialect = dialectOf(knex);
  const foreignKeyColumns = new Set<string>();
  for (const table of await dialect.tableNames(knex)) {
    for (const key of await dialect.foreignKeys(knex, table))
      foreignKeyColumns.add(`${table}.${key.column}`);
  }
  // A polymorphic owner fills these in, as a parent fills in a foreign key.
  for (const column of morphColumnsOf(models)) foreignKeyColumns.add(column);
  return [
    ...(await foreignKeyFindings(knex, models)),
    ...(await jsonSchemaFindings(knex, models, foreignKeyColumns)),
    ...(await morphOrphanFindings(knex, models)),
  ];
}
