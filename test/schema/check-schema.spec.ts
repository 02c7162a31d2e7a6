import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import knexFactory from 'knex';
import { allModels, demoKnexConfig } from '../../demo';
import { BaseModel, belongsToOne, checkSchema, hasMany, type SchemaFinding } from '../../lib';
import { describeEachDialect } from '../support/database';
import { sqliteScratchUrl } from '../support/dialects';

const run = promisify(execFile);

// Purpose-made drift: each table and model below disagrees with the other in one way.
class Stall extends BaseModel {
  static override tableName = 'drift_stalls';
  static override relationMappings = () => ({
    // The rule under it is CASCADE: a delete outside the layer would not restrict.
    items: hasMany(Item, {
      from: 'drift_stalls.id',
      to: 'drift_items.stall_id',
      inverse: 'stall',
      onDelete: 'restrict',
    }),
  });
}

class Item extends BaseModel {
  static override tableName = 'drift_items';
  static override relationMappings = () => ({
    stall: belongsToOne(Stall, {
      from: 'drift_items.stall_id',
      to: 'drift_stalls.id',
      inverse: 'items',
    }),
  });
}

class Label extends BaseModel {
  static override tableName = 'drift_labels';
  static override hasTimestamps = false;
  static override jsonSchema = {
    type: 'object',
    required: ['note'],
    properties: {
      id: { type: 'integer' },
      text: { type: 'string', maxLength: 40 },
      note: { type: 'string', maxLength: 10 },
    },
  };
}

const byPlace = (a: SchemaFinding, b: SchemaFinding) =>
  `${a.kind} ${a.table}.${a.column}`.localeCompare(`${b.kind} ${b.table}.${b.column}`);

describeEachDialect('Schema | checkSchema compares the models with the database', (db) => {
  const DRIFT_TABLES = ['drift_notes', 'drift_items', 'drift_stalls', 'drift_labels'];

  afterEach(async () => {
    for (const table of DRIFT_TABLES) await db.knex.schema.dropTableIfExists(table);
  });

  it('finds nothing on the demo', async () => {
    expect(await checkSchema(db.knex, allModels)).to.deep.equal([]);
  });

  it('flags a foreign key onto a model with delete hooks that no relation declares', async () => {
    await db.knex.schema.createTable('drift_notes', (t) => {
      t.increments('id');
      t.integer('product_id').references('id').inTable('products').onDelete('CASCADE').index();
    });

    expect(await checkSchema(db.knex, allModels)).to.deep.equal([
      {
        kind: 'undeclared-foreign-key',
        table: 'drift_notes',
        column: 'product_id',
        message:
          'drift_notes.product_id references products (ON DELETE CASCADE), but no relation of ' +
          'Product declares it: deleting a Product leaves those rows to the database, without ' +
          "Product's delete hooks or audit; declare the relation, with its inverse",
      },
    ]);
  });

  it('flags a delete policy the rule contradicts, and a foreign key without an index', async () => {
    await db.knex.schema.createTable('drift_stalls', (t) => {
      t.increments('id');
    });
    await db.knex.schema.createTable('drift_items', (t) => {
      t.increments('id');
      t.integer('stall_id').references('id').inTable('drift_stalls').onDelete('CASCADE');
    });

    const findings = await checkSchema(db.knex, [...allModels, Stall, Item]);

    expect(findings.sort(byPlace)).to.deep.equal([
      {
        kind: 'missing-index',
        table: 'drift_items',
        column: 'stall_id',
        message:
          'drift_items.stall_id is a foreign key that leads no index: every delete of the row it ' +
          'references, and every read through the relation, scans the table; add .index()',
      },
      {
        kind: 'policy-contradicts-rule',
        table: 'drift_items',
        column: 'stall_id',
        message:
          "Stall.items declares onDelete 'restrict', but drift_items.stall_id is ON DELETE " +
          'CASCADE: a delete outside the layer does otherwise; make the rule RESTRICT or NO ACTION',
      },
    ]);
  });

  it('flags a JSON schema whose maxLength or required disagrees with the column', async () => {
    await db.knex.schema.createTable('drift_labels', (t) => {
      t.increments('id');
      t.string('text', 20).notNullable();
      t.string('note', 10).nullable();
    });

    const findings = await checkSchema(db.knex, [...allModels, Label]);

    expect(
      findings.sort(byPlace).map(({ table, column, message }) => [table, column, message]),
    ).to.deep.equal([
      ['drift_labels', 'note', "Label's schema requires note, but drift_labels.note accepts NULL"],
      [
        'drift_labels',
        'text',
        "Label's schema lets text be longer (maxLength 40) than drift_labels.text holds (20)",
      ],
      [
        'drift_labels',
        'text',
        "drift_labels.text is NOT NULL without a default, but Label's schema does not require it",
      ],
    ]);
    expect(new Set(findings.map((finding) => finding.kind))).to.deep.equal(
      new Set(['json-schema-mismatch']),
    );
  });
});

describe('Schema | the check-schema CLI', function () {
  this.timeout(60_000);
  const ROOT = path.resolve(__dirname, '..', '..');

  async function cli(databaseUrl: string): Promise<{ code: number; stdout: string }> {
    return run(process.execPath, ['-r', 'ts-node/register', 'lib/schema-check/cli.ts', 'demo'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
  }

  it('exits with 0 on the demo, and with 1 and one line per finding on drift', async () => {
    const url = sqliteScratchUrl('check-schema-cli');
    const knex = knexFactory(demoKnexConfig(url));
    try {
      await knex.migrate.latest();
      const clean = await cli(url);
      await knex.schema.createTable('drift_notes', (t) => {
        t.increments('id');
        t.integer('product_id').references('id').inTable('products').onDelete('CASCADE').index();
      });
      const drifted = await cli(url);

      expect(clean).to.deep.equal({
        code: 0,
        stdout: `schema check: ${allModels.length} model(s), no drift\n`,
      });
      expect(drifted.code).to.equal(1);
      expect(drifted.stdout.split('\n')).to.deep.equal([
        'undeclared-foreign-key: drift_notes.product_id references products (ON DELETE CASCADE), ' +
          'but no relation of Product declares it: deleting a Product leaves those rows to the ' +
          "database, without Product's delete hooks or audit; declare the relation, with its inverse",
        'schema check: 1 finding(s)',
        '',
      ]);
    } finally {
      await knex.destroy();
    }
  });
});
