#!/usr/bin/env node
import path from 'node:path';
import { Model } from 'objection';
import { createKnex } from '../database/connection';
import { checkSchema } from './check-schema';

const USAGE =
  'usage: relational-layer-check-schema <module> (DATABASE_URL names the database)\n' +
  '  <module> exports the models to check: as `allModels`, as `models`, or as model classes';

/** The models a module exports: its `allModels` or `models` list, or every model class in it. */
function modelsOf(exported: Record<string, unknown>): Array<typeof Model> {
  const list = exported.allModels ?? exported.models;
  const candidates = Array.isArray(list) ? list : Object.values(exported);
  return candidates.filter(
    (value): value is typeof Model =>
      typeof value === 'function' && value.prototype instanceof Model,
  );
}

/**
 * `relational-layer-check-schema <module>`: runs `checkSchema` on the database `DATABASE_URL`
 * names, prints one line per finding, and exits with 1 when there is any (0 when the models and
 * the schema agree, 2 when the models cannot be read).
 */
async function main(argv: readonly string[]): Promise<number> {
  const [target] = argv;
  if (target === undefined) {
    console.error(USAGE);
    return 2;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named at run time
  const models = modelsOf(require(path.resolve(target)) as Record<string, unknown>);
  if (models.length === 0) {
    console.error(`${target} exports no model\n${USAGE}`);
    return 2;
  }
  const knex = createKnex();
  try {
    const findings = await checkSchema(knex, models);
    for (const { kind, message } of findings) console.log(`${kind}: ${message}`);
    console.log(
      findings.length === 0
        ? `schema check: ${models.length} model(s), no drift`
        : `schema check: ${findings.length} finding(s)`,
    );
    return findings.length === 0 ? 0 : 1;
  } finally {
    await knex.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
