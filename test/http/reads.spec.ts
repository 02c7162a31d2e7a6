import { expect } from 'chai';
import type { Express } from 'express';
import { describeEachDialect } from '../support/database';
import { expectProblem, request, RESOURCES, testApp } from '../support/http';

interface Row {
  id: number;
  name?: string;
  [key: string]: unknown;
}

const names = (rows: Row[]) => rows.map((row) => row.name);

// Reading every resource: lists with filters, sort, pages and includes; rows; relations.
describeEachDialect('HTTP | reading resources', (db) => {
  let app: Express;

  beforeEach(async () => {
    await db.knex.seed.run();
    app = testApp(db.knex);
  });

  it('lists a resource as { data, total, limit, offset }, 20 rows a page by default', async () => {
    const response = await request(app).get('/shops').expect(200);

    expect(response.headers['content-type']).to.match(/^application\/json/);
    expect(response.body).to.include({ total: 3, limit: 20, offset: 0 });
    expect(names(response.body.data)).to.deep.equal(['Green Grocer', 'Corner Bakery', 'Tech Hub']);
    expect(response.body.data[0]).to.have.keys('id', 'name', 'created_at', 'updated_at');
  });

  it('serves every model under its table name', async () => {
    const totals: Record<string, number> = {};
    for (const resource of RESOURCES) {
      totals[resource] = (await request(app).get(`/${resource}`).expect(200)).body.total;
    }
    expect(Object.keys(totals)).to.have.members([...RESOURCES]);
    // The demo seed's rows; a model added beside the demo's is served too, with its own rows.
    expect(totals).to.include({
      shops: 3,
      products: 7,
      users: 2,
      profiles: 1,
      posts: 3,
      tags: 3,
      authors: 2,
      books: 4,
      customers: 2,
      orders: 4,
    });
  });

  it('filters on a column by exact match, the value coerced to the column type', async () => {
    const rice = await request(app).get('/products?name=Rice').expect(200);
    const byPrice = await request(app).get('/products?price=2.5').expect(200);
    const byShop = await request(app).get('/products?shop_id=2&name=Bread').expect(200);

    expect(names(rice.body.data)).to.deep.equal(['Rice']);
    expect(names(byPrice.body.data)).to.deep.equal(['Rice']);
    expect(names(byShop.body.data)).to.deep.equal(['Bread']);
    expect(byShop.body.total).to.equal(1);
  });

  it('filters a nullable column on null with ?column=null: the guest orders', async () => {
    const response = await request(app).get('/orders?customer_id=null').expect(200);

    expect(response.body.data.map((order: Row) => order.order_number)).to.deep.equal(['ORD-0004']);
  });

  it('sorts by several keys, - for descending', async () => {
    const byPrice = await request(app).get('/products?sort=-price&limit=3').expect(200);
    const byShopThenName = await request(app).get('/products?sort=shop_id,-name').expect(200);

    expect(names(byPrice.body.data)).to.deep.equal(['Laptop', 'Mouse', 'Lentils']);
    expect(names(byShopThenName.body.data)).to.deep.equal([
      'Rice',
      'Lentils',
      'Beans',
      'Croissant',
      'Bread',
      'Mouse',
      'Laptop',
    ]);
  });

  it('pages with limit and offset, the total counting every matching row', async () => {
    const response = await request(app).get('/products?sort=name&limit=2&offset=2').expect(200);

    expect(response.body).to.include({ total: 7, limit: 2, offset: 2 });
    expect(names(response.body.data)).to.deep.equal(['Croissant', 'Laptop']);
  });

  it('answers only the total for limit=0', async () => {
    const response = await request(app).get('/products?limit=0').expect(200);

    expect(response.body).to.deep.equal({ data: [], total: 7, limit: 0, offset: 0 });
  });

  it('includes relations, nested with dots and listed with commas, ordered by id', async () => {
    const response = await request(app)
      .get('/customers?include=orders.products,orders.customer&sort=name')
      .expect(200);

    const [alice] = response.body.data;
    expect(alice.name).to.equal('Alice');
    expect(alice.orders.map((order: Row) => order.order_number)).to.deep.equal([
      'ORD-0001',
      'ORD-0002',
    ]);
    expect(alice.orders[0].customer.name).to.equal('Alice');
    expect(names(alice.orders[0].products)).to.deep.equal(['Rice', 'Bread']);
  });

  it('shows the join-table extras on many-to-many: quantity and unit_price', async () => {
    const included = await request(app).get('/orders/1?include=products').expect(200);
    const related = await request(app).get('/orders/1/products').expect(200);

    const rice = { name: 'Rice', price: 2.5, quantity: 2, unit_price: 2.5 };
    expect(included.body.products[0]).to.include(rice);
    expect(related.body.data[0]).to.include(rice);
  });

  it('reads one row by id, with includes', async () => {
    const response = await request(app).get('/users/1?include=profile,posts.tags').expect(200);

    expect(response.body.name).to.equal('John');
    expect(response.body.profile.bio).to.be.a('string');
    expect(response.body.posts[0].tags.map((tag: Row) => tag.name)).to.deep.equal(['flask', 'orm']);
  });

  it('answers 404 for a row that does not exist', async () => {
    expectProblem(await request(app).get('/shops/999'), 404, 'NOT_FOUND');
  });

  it("filters a shop's products through the relation: GET /shops/1/products?name=Rice", async () => {
    const response = await request(app).get('/shops/1/products?name=Rice').expect(200);

    expect(response.body).to.include({ total: 1, limit: 20, offset: 0 });
    expect(response.body.data[0]).to.include({ name: 'Rice', price: 2.5, shop_id: 1 });
  });

  it('sorts, pages and includes related rows like any list', async () => {
    const response = await request(app)
      .get('/shops/1/products?sort=-price&limit=1&offset=1&include=orders')
      .expect(200);

    expect(response.body.total).to.equal(3);
    expect(names(response.body.data)).to.deep.equal(['Rice']);
    expect(response.body.data[0].orders.map((order: Row) => order.order_number)).to.deep.equal([
      'ORD-0001',
    ]);
  });

  it('answers a to-one relation with the row itself', async () => {
    const response = await request(app).get('/books/3/author?include=books').expect(200);

    expect(response.body.name).to.equal('George Orwell');
    expect(response.body.books).to.have.length(2);
  });

  it('answers 404 for a to-one relation with no row, and for a missing owner', async () => {
    expectProblem(await request(app).get('/orders/4/customer'), 404, 'NOT_FOUND');
    expectProblem(await request(app).get('/shops/999/products'), 404, 'NOT_FOUND');
  });

  it('never shows a relation that was not included', async () => {
    const response = await request(app).get('/shops/1').expect(200);

    expect(response.body).not.to.have.property('products');
  });
});
