import { Writable } from 'node:stream';
import { expect } from 'chai';
import pino from 'pino';
import { allModels } from '../../demo';
import { createApp } from '../../http';
import { BaseModel } from '../../lib';
import { describeEachDialect } from '../support/database';
import { request } from '../support/http';

/** A pino logger that keeps its lines, parsed. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino(stream), lines };
}

/** The lines but those of the document `request` fetches from the app to check answers against. */
function testedRequests(lines: Array<Record<string, unknown>>) {
  return lines.filter((line) => line.url !== '/openapi.json');
}

describeEachDialect('HTTP | request log', (db) => {
  it('logs one line per request: method, URL, status, duration and query count', async () => {
    await db.knex.seed.run();
    const { logger, lines } = capturingLogger();
    const app = createApp({ knex: db.knex, models: allModels, logger });

    await request(app).get('/shops?include=products').expect(200);
    await request(app).post('/shops').send({ name: 'Green Grocer' }).expect(409);

    const logged = testedRequests(lines);
    expect(logged).to.have.length(2);
    expect(logged[0]).to.include({
      level: 30,
      method: 'GET',
      url: '/shops?include=products',
      status: 200,
      queries: 5,
      msg: 'GET /shops?include=products 200',
    });
    expect(logged[0]!.durationMs).to.be.a('number');
    expect(logged[1]).to.include({ method: 'POST', url: '/shops', status: 409 });
    expect(logged[1]!.queries).to.be.greaterThan(0);
  });

  it('logs an unexpected failure with its stack, and answers a bare 500', async () => {
    // A model whose table no migration created: the database fails in a way no client caused.
    class Ghost extends BaseModel {
      static override tableName = 'ghosts';
      static override jsonSchema = { type: 'object', properties: { id: { type: 'integer' } } };
    }
    const { logger, lines } = capturingLogger();
    const app = createApp({ knex: db.knex, logger, models: [Ghost] });

    const response = await request(app).get('/ghosts');

    expect(response.status).to.equal(500);
    expect(response.body).to.deep.equal({
      type: 'urn:problem:internal-error',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The server failed to answer; the failure is logged',
      code: 'INTERNAL_ERROR',
    });
    const failure = lines.find((line) => line.msg === 'request failed');
    expect((failure?.err as { stack?: string } | undefined)?.stack).to.match(/ghosts/);
    expect(testedRequests(lines).at(-1)).to.include({ level: 50, status: 500, url: '/ghosts' });
  });
});
