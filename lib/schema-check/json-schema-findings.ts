import type { Knex } from 'knex';
import type { JSONSchema, Model } from 'objection';
import { tableNameOf } from '../objection/query-internals';
import type { SchemaFinding } from './findings';

function mismatch(table: string, column: string, message: string): SchemaFinding {
  return { kind: 'json-schema-mismatch', table, column, message };
}

/**
 * Each model's JSON schema against its table's columns: a string that may be longer than its
 * column holds, and a required property whose column accepts NULL (or the other way round: a
 * NOT NULL column without a default that the schema lets a client leave out, foreign keys set
 * by a parent excepted).
 */
export async function jsonSchemaFindings(
  knex: Knex,
  models: ReadonlyArray<typeof Model>,
  foreignKeyColumns: ReadonlySet<string>,
): Promise<SchemaFinding[]> {
  const findings: SchemaFinding[] = [];
  for (const model of models) {
    const schema = model.jsonSchema;
    if (!schema?.properties) continue;
    const table = tableNameOf(model);
    const columns = await knex(table).columnInfo();
    const required = new Set(schema.required ?? []);
    for (const [name, property] of Object.entries(schema.properties)) {
      const column = columns[name];
      if (!column || typeof property !== 'object') continue;
      const { maxLength } = property as JSONSchema;
      const length = Number(column.maxLength);
      if (
        Number.isFinite(length) &&
        length > 0 &&
        (maxLength === undefined || maxLength > length)
      ) {
        findings.push(
          mismatch(
            table,
            name,
            `${model.name}'s schema lets ${name} be longer (maxLength ${maxLength ?? 'unset'}) than ${table}.${name} holds (${length})`,
          ),
        );
      }
      if (required.has(name) && column.nullable) {
        findings.push(
          mismatch(
            table,
            name,
            `${model.name}'s schema requires ${name}, but ${table}.${name} accepts NULL`,
          ),
        );
      }
    }
    for (const [name, column] of Object.entries(columns)) {
      const isSetByLayer = name === model.idColumn || foreignKeyColumns.has(`${table}.${name}`);
      if (column.nullable || column.defaultValue !== null || isSetByLayer || required.has(name))
        continue;
      findings.push(
        mismatch(
          table,
          name,
          `${table}.${name} is NOT NULL without a default, but ${model.name}'s schema does not require it`,
        ),
      );
    }
  }
  return findings;
}
