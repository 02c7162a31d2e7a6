import { expect } from 'chai';
import type { Express } from 'express';
import { recordQueries } from '../../lib';
import { describeEachDialect } from '../support/database';
import { expectProblem, request, testApp } from '../support/http';
import { shapesOf } from '../support/statements';

interface Row {
  id: number;
  [key: string]: unknown;
}

// The demo's comments over HTTP: /comments, includes from both ends, every response checked
// against the OpenAPI document (a oneOf for a comment's owner).
describeEachDialect('Polymorphic | REST', (db) => {
  let app: Express;

  beforeEach(async () => {
    await db.knex.seed.run();
    app = testApp(db.knex);
  });

  const bodies = (rows: Row[]) => rows.map((row) => row['body']);

  it("includes a post's comments, and a product's, each only its own", async () => {
    const post = await request(app).get('/posts/1?include=comments').expect(200);
    const products = await request(app).get('/products?include=comments&name=Laptop').expect(200);

    expect(bodies(post.body.comments)).to.deep.equal([
      'Great introduction.',
      'Looking forward to the next one.',
    ]);
    expect(bodies(products.body.data[0].comments)).to.deep.equal(['Fast, and the battery lasts.']);
  });

  it('includes each comment’s owner, a post or a product, one query per type', async () => {
    const { result: response, queries } = await recordQueries(db.knex, () =>
      request(app).get('/comments?include=commentable').expect(200),
    );

    expect(
      response.body.data.map(({ commentable }: { commentable: Row }) =>
        'title' in commentable
          ? `post ${String(commentable['title'])}`
          : `product ${String(commentable['name'])}`,
      ),
    ).to.deep.equal(['post First Post', 'post First Post', 'product Laptop']);
    const reads = shapesOf(queries).filter((shape) => shape.startsWith('select'));
    expect(reads.filter((shape) => shape === 'select posts')).to.have.length(1);
    expect(reads.filter((shape) => shape === 'select products')).to.have.length(1);
  });

  it("serves a comment's owner at /comments/{id}/commentable", async () => {
    const response = await request(app).get('/comments/3/commentable').expect(200);

    expect(response.body).to.include({ name: 'Laptop' });
  });

  it('refuses an include below commentable that one of its types lacks, with 400', async () => {
    const response = await request(app).get('/comments?include=commentable.shop').expect(400);

    expectProblem(response, 400, 'INVALID_RELATION');
    expect(response.body.detail ?? response.body.title).to.match(/Post has no relation "shop"/);
  });

  it('creates a post with comments, which get the post’s type', async () => {
    const created = await request(app)
      .post('/posts')
      .send({ user_id: 1, title: 'New', content: 'x', comments: [{ body: 'First!' }] })
      .expect(201);

    const comments = await db.knex('comments').where('commentable_id', created.body.id);
    expect(
      comments.map((c: Row) => `${String(c['commentable_type'])} ${String(c['body'])}`),
    ).to.include('post First!');
  });

  it('lists comments and creates one naming its owner by type and id', async () => {
    const created = await request(app)
      .post('/comments')
      .send({ body: 'On bread.', commentable_type: 'product', commentable_id: 4 })
      .expect(201);
    const bread = await request(app).get('/products/4?include=comments').expect(200);

    expect(created.body).to.include({ commentable_type: 'product', commentable_id: 4 });
    expect(bodies(bread.body.comments)).to.deep.equal(['On bread.']);
  });
});
