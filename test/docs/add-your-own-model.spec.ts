import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

// A step is written as <!-- add-model: <file> new|after "<line>"|replace "<line>" --> followed by
// a ```ts block: a new file, lines inserted after the first line holding <line>, or that line
// replaced.
const STEP = /<!-- add-model: (\S+) (new|after|replace)(?: "(.*)")? -->\s*```ts\n([\s\S]*?)```/g;

interface Step {
  file: string;
  action: 'new' | 'after' | 'replace';
  anchor: string | undefined;
  code: string;
}

const STEPS: Step[] = [...README.matchAll(STEP)].map(([, file, action, anchor, code]) => ({
  file: file!,
  action: action as Step['action'],
  anchor,
  code: code!.replace(/\n$/, ''),
}));

function apply(root: string, { file, action, anchor, code }: Step): void {
  const target = path.join(root, file);
  if (action === 'new') {
    expect(fs.existsSync(target), `${file} exists already`).to.equal(false);
    fs.writeFileSync(target, `${code}\n`);
    return;
  }
  const lines = fs.readFileSync(target, 'utf8').split('\n');
  const at = lines.findIndex((line) => line.includes(anchor!));
  expect(at, `${file} has no line with ${anchor}`).to.be.at.least(0);
  lines.splice(action === 'after' ? at + 1 : at, action === 'after' ? 0 : 1, code);
  fs.writeFileSync(target, lines.join('\n'));
}

/** The project's tracked files, as they are in the working tree, with its installed modules. */
async function scratchCopy(): Promise<string> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'relational-layer-add-model-'));
  const { stdout } = await run('git', ['ls-files', '-z'], { cwd: ROOT, maxBuffer: 1 << 24 });
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (!fs.existsSync(path.join(ROOT, file))) continue;
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
  }
  for (const modules of ['node_modules', 'bench/node_modules']) {
    if (fs.existsSync(path.join(ROOT, modules))) {
      fs.symlinkSync(path.join(ROOT, modules), path.join(copy, modules));
    }
  }
  return copy;
}

// What step 6 says the API serves, asked of the scratch copy's own code.
const CHECK = `import knexFactory from 'knex';
import pino from 'pino';
import request from 'supertest';
import { allModels, demoKnexConfig } from './demo';
import { createApp } from './http';
import { checkSchema, Deletion } from './lib';

async function main() {
  const knex = knexFactory(demoKnexConfig(process.env.DATABASE_URL));
  try {
    await knex.migrate.latest();
    await knex.seed.run();
    const app = createApp({ knex, models: allModels, logger: pino({ level: 'silent' }) });
    const shop = await request(app).post('/shops').send({
      name: 'Pop-up Tea',
      products: [{ name: 'Green tea', price: 3, reviews: [{ text: 'Lovely' }] }],
    });
    const deleted = await request(app).delete(\`/shops/\${shop.body.id}\`);
    console.log(
      JSON.stringify({
        reviews: (await request(app).get('/reviews')).body,
        ofRice: (await request(app).get('/products/1/reviews')).body,
        reviewed: (await request(app).get('/reviews/1/product')).body.name,
        shop: (await request(app).get('/shops/1?include=products.reviews')).body,
        paths: Object.keys((await request(app).get('/openapi.json')).body.paths),
        created: shop.status,
        deleted: deleted.status,
        audited: (await Deletion.query(knex).where('table_name', 'reviews')).map((d) => d.row.text),
        findings: await checkSchema(knex, allModels),
      }),
    );
  } finally {
    await knex.destroy();
  }
}
main();
`;

describe('Docs | "Add your own model", step by step in a scratch copy', function () {
  this.timeout(300_000);
  let copy: string;

  before(async () => {
    copy = await scratchCopy();
  });

  after(() => {
    fs.rmSync(copy, { recursive: true, force: true });
  });

  it('has the steps: a migration, a model, its inverse, registration and the seed', () => {
    expect([...new Set(STEPS.map((step) => step.file))]).to.deep.equal([
      'migrations/20270101000000_create_reviews.ts',
      'models/Review.ts',
      'models/Product.ts',
      'models/index.ts',
      'seeds/01_demo_data.ts',
    ]);
  });

  it('gives a project that type-checks, tests included, and serves what step 6 lists', async () => {
    for (const step of STEPS) apply(copy, step);
    // As `npm run typecheck` does: the API client's types are generated from the copy's models.
    await run(process.execPath, ['-r', 'ts-node/register', 'scripts/openapi/api-types.ts'], {
      cwd: copy,
    });
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], { cwd: copy }).catch(
      (error: { stdout?: string }) => {
        throw new Error(`the scratch copy does not type-check: ${error.stdout}`);
      },
    );
    fs.writeFileSync(path.join(copy, 'check-added-model.ts'), CHECK);

    const { stdout } = await run(
      process.execPath,
      ['-r', 'ts-node/register', 'check-added-model.ts'],
      {
        cwd: copy,
        env: { ...process.env, DATABASE_URL: `sqlite:${path.join(copy, 'added.sqlite3')}` },
      },
    );
    const seen = JSON.parse(stdout) as {
      reviews: { total: number; data: Array<{ text: string }> };
      ofRice: { data: Array<{ text: string }> };
      reviewed: string;
      shop: { products: Array<{ name: string; reviews: Array<{ text: string }> }> };
      paths: string[];
      created: number;
      deleted: number;
      audited: string[];
      findings: unknown[];
    };

    expect(seen.reviews.data.map((review) => review.text)).to.deep.equal(['Cooks evenly']);
    expect(seen.ofRice.data.map((review) => review.text)).to.deep.equal(['Cooks evenly']);
    expect(seen.reviewed).to.equal('Rice');
    expect(seen.shop.products.find((product) => product.name === 'Rice')?.reviews).to.have.length(
      1,
    );
    expect(seen.paths).to.include.members([
      '/reviews',
      '/reviews/{id}',
      '/reviews/{id}/product',
      '/products/{id}/reviews',
    ]);
    expect({ created: seen.created, deleted: seen.deleted }).to.deep.equal({
      created: 201,
      deleted: 204,
    });
    expect(seen.audited).to.deep.equal(['Lovely']);
    expect(seen.findings).to.deep.equal([]);
  });
});
