import { expect } from 'chai';
import type { Express } from 'express';
import type { Response } from 'supertest';
import { describeEachDialect } from '../support/database';
import { errorPaths, expectProblem, request, testApp } from '../support/http';
import { snapshotDatabase } from '../support/queries';

// A write reaches only the rows of its resource: a nested id must be one of the row's children
// (404 NOT_FOUND naming its path), and a many-to-many target is linked, never rewritten (400
// VALIDATION_FAILED naming the fields). A refused write changes nothing at all.
describeEachDialect('HTTP | a write stays inside its resource', (db) => {
  let app: Express;
  let before: Record<string, unknown[]>;

  beforeEach(async () => {
    await db.knex.seed.run();
    app = testApp(db.knex);
    before = await snapshotDatabase(db.knex);
  });

  async function expectRefused(response: Response, status: number, code: string, paths: string[]) {
    expectProblem(response, status, code);
    expect(errorPaths(response)).to.deep.equal(paths);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  }

  describe('a nested id that is not one of the row’s children: 404, nothing written', () => {
    const cases: Array<[string, string, object, string]> = [
      [
        'a product of another shop',
        '/shops/1',
        { name: 'Green Grocer', products: [{ id: 1 }, { id: 4, name: 'Hacked', price: 0 }] },
        'products[1]',
      ],
      [
        'a post of another user',
        '/users/2',
        { name: 'Jane', posts: [{ id: 3 }, { id: 1, title: 'Hacked' }] },
        'posts[1]',
      ],
      ['the profile of another user', '/users/2', { name: 'Jane', profile: { id: 1 } }, 'profile'],
      [
        'a book of another author',
        '/authors/1',
        { name: 'Jane Austen', books: [{ id: 1 }, { id: 3 }] },
        'books[1]',
      ],
      [
        'an order of another customer',
        '/customers/2',
        { name: 'Bob', orders: [{ id: 3 }, { id: 1 }] },
        'orders[1]',
      ],
      [
        'an id that names no row',
        '/authors/2',
        { name: 'George Orwell', books: [{ id: 4 }, { id: 424242, title: 'ghost' }] },
        'books[1]',
      ],
      [
        'a tag to link that does not exist',
        '/posts/1',
        {
          title: 'First Post',
          content: 'Lorem ipsum dolor sit amet',
          tags: [{ id: 2 }, { id: 424242 }],
        },
        'tags[1]',
      ],
    ];
    for (const [label, url, body, path] of cases) {
      it(`PUT with ${label}`, async () => {
        const response = await request(app).put(url).send(body);

        await expectRefused(response, 404, 'NOT_FOUND', [path]);
      });
    }

    it('POST linking a product that does not exist', async () => {
      const response = await request(app)
        .post('/orders')
        .send({
          order_number: 'ORD-9',
          products: [
            { id: 1, quantity: 1, unit_price: 2.5 },
            { id: 424242, quantity: 1, unit_price: 1 },
          ],
        });

      await expectRefused(response, 404, 'NOT_FOUND', ['products[1]']);
      expect(response.body.detail).to.equal(
        'Product 424242 does not exist, so it cannot be related to a new Order through "products" (products[1])',
      );
    });

    it('names the row, the relation and the parent in the problem document', async () => {
      const response = await request(app)
        .put('/shops/1')
        .send({ name: 'Green Grocer', products: [{ id: 4 }] });

      expect(response.body).to.include({
        status: 404,
        code: 'NOT_FOUND',
        detail: 'Product 4 does not belong to Shop 1 through "products" (products[0])',
      });
      expect(response.body.errors).to.deep.equal([
        { path: 'products[0]', message: 'Product 4 does not belong to Shop 1 through "products"' },
      ]);
    });
  });

  describe('a many-to-many target given by id carries its id and the extras only: 400', () => {
    it('PUT renaming and repricing a product through an order', async () => {
      const response = await request(app)
        .put('/orders/2')
        .send({
          order_number: 'ORD-0002',
          products: [{ id: 6, name: 'Renamed via order', price: 0.01 }],
        });

      await expectRefused(response, 400, 'VALIDATION_FAILED', [
        'products[0].name',
        'products[0].price',
      ]);
    });

    it('PUT renaming a tag other posts share', async () => {
      const response = await request(app)
        .put('/posts/1')
        .send({
          title: 'First Post',
          content: 'Lorem ipsum dolor sit amet',
          tags: [{ id: 2, name: 'renamed' }],
        });

      await expectRefused(response, 400, 'VALIDATION_FAILED', ['tags[0].name']);
    });

    it('PUT nesting a relation under a linked post', async () => {
      const response = await request(app)
        .put('/tags/2')
        .send({ name: 'orm', posts: [{ id: 1, tags: [] }] });

      await expectRefused(response, 400, 'VALIDATION_FAILED', ['posts[0].tags']);
    });

    it('POST linking a tag with a new name', async () => {
      const response = await request(app)
        .post('/posts')
        .send({ user_id: 2, title: 'Graphs', content: '…', tags: [{ id: 2, name: 'ORM' }] });

      await expectRefused(response, 400, 'VALIDATION_FAILED', ['tags[0].name']);
    });
  });

  describe('what a write through a many-to-many relation does', () => {
    it('PUT links a new target and unlinks a missing one, leaving both targets as they were', async () => {
      const tags = await db.knex('tags').orderBy('id');

      const response = await request(app)
        .put('/posts/1')
        .send({
          title: 'First Post',
          content: 'Lorem ipsum dolor sit amet',
          tags: [{ id: 2 }, { id: 3 }],
        })
        .expect(200);

      expect(response.body.tags.map((tag: { name: string }) => tag.name)).to.deep.equal([
        'orm',
        'typescript',
      ]);
      expect(
        await db.knex('post_tags').where({ post_id: 1 }).orderBy('tag_id').pluck('tag_id'),
      ).to.deep.equal([2, 3]);
      expect(await db.knex('tags').orderBy('id')).to.deep.equal(tags);
    });

    it('PUT links a product of another shop to an order with its extras, leaving the product as it was', async () => {
      const products = await db.knex('products').orderBy('id');

      await request(app)
        .put('/orders/2')
        .send({
          order_number: 'ORD-0002',
          products: [
            { id: 6, quantity: 2, unit_price: 900 },
            { id: 4, quantity: 3, unit_price: 2.9 },
          ],
        })
        .expect(200);

      const items = await db.knex('order_items').where({ order_id: 2 }).orderBy('product_id');
      expect(items.map((i) => [i.product_id, i.quantity, Number(i.unit_price)])).to.deep.equal([
        [4, 3, 2.9],
        [6, 2, 900],
      ]);
      expect(await db.knex('products').orderBy('id')).to.deep.equal(products);
    });
  });
});
