import { expect } from 'chai';
import knexFactory from 'knex';
import { demoKnexConfig } from '../../demo';
import { sqliteScratchUrl } from '../support/dialects';
import { type ServerProcess, startServerProcess } from '../support/server-process';

describe('HTTP | the server checks the schema at start-up', function () {
  this.timeout(60_000);
  let server: ServerProcess | undefined;

  afterEach(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('logs each drift it finds as a warning, and serves all the same', async () => {
    const url = sqliteScratchUrl('start-up-drift');
    const knex = knexFactory(demoKnexConfig(url));
    try {
      await knex.migrate.latest();
      await knex.schema.createTable('drift_notes', (t) => {
        t.increments('id');
        t.integer('product_id').references('id').inTable('products').onDelete('CASCADE').index();
      });
    } finally {
      await knex.destroy();
    }

    server = await startServerProcess({ DATABASE_URL: url });

    const warnings = server.lines.filter((line) => line.level === 40);
    expect(
      warnings.map((line) => [line.msg, (line.schemaFinding as { kind: string }).kind]),
    ).to.deep.equal([
      [
        'schema drift: drift_notes.product_id references products (ON DELETE CASCADE), but no ' +
          'relation of Product declares it: deleting a Product leaves those rows to the ' +
          "database, without Product's delete hooks or audit; declare the relation, with its inverse",
        'undeclared-foreign-key',
      ],
    ]);
    expect(server.lines.map((line) => line.msg)).to.include(
      `listening on http://localhost:${server.port}`,
    );
  });
});
