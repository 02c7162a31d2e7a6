import { expect } from 'chai';
import {
  addRelations,
  auditDeletions,
  BaseModel,
  belongsToOne,
  Deletion,
  hasMany,
  InvalidExtensionError,
  InverseMismatchError,
} from '../../lib';
import { describeEachDialect } from '../support/database';
import { request, testApp } from '../support/http';

// A package's models, as a host finds them: Ware knows nothing of the host's critiques.
class Market extends BaseModel {
  static override tableName = 'shops';
  static override deleteHooks = [auditDeletions];
  declare id: number;
  declare name: string;
  declare wares?: Ware[];
  static override jsonSchema = {
    type: 'object',
    required: ['name'],
    properties: { id: { type: 'integer' }, name: { type: 'string' } },
  };
  static override relationMappings = () => ({
    wares: hasMany(Ware, {
      from: 'shops.id',
      to: 'products.shop_id',
      inverse: 'market',
      onDelete: 'cascade',
    }),
  });
}

class Ware extends BaseModel {
  static override tableName = 'products';
  static override deleteHooks = [auditDeletions];
  declare id: number;
  declare shop_id: number;
  declare name: string;
  declare price: number;
  declare critiques?: Critique[];
  static override jsonSchema = {
    type: 'object',
    required: ['name', 'price'],
    properties: {
      id: { type: 'integer' },
      shop_id: { type: 'integer' },
      name: { type: 'string' },
      price: { type: 'number' },
    },
  };
  static override relationMappings = () => ({
    market: belongsToOne(Market, { from: 'products.shop_id', to: 'shops.id', inverse: 'wares' }),
  });
}

// The host's model, its table of its own, and the relation it adds to the package's Ware.
class Critique extends BaseModel {
  static override tableName = 'critiques';
  static override hasTimestamps = false;
  static override deleteHooks = [auditDeletions];
  declare id: number;
  declare product_id: number;
  declare text: string;
  declare ware?: Ware;
  static override jsonSchema = {
    type: 'object',
    required: ['text'],
    properties: {
      id: { type: 'integer' },
      product_id: { type: 'integer' },
      text: { type: 'string', maxLength: 200 },
    },
  };
  static override relationMappings = () => ({
    ware: belongsToOne(Ware, {
      from: 'critiques.product_id',
      to: 'products.id',
      inverse: 'critiques',
    }),
  });
}

addRelations(Ware, () => ({
  critiques: hasMany(Critique, {
    from: 'products.id',
    to: 'critiques.product_id',
    inverse: 'ware',
    onDelete: 'cascade',
  }),
}));

describeEachDialect('Relations | a relation added to a model declared elsewhere', (db) => {
  before(async () => {
    await db.knex.schema.createTable('critiques', (t) => {
      t.increments('id');
      t.integer('product_id').notNullable().references('id').inTable('products').index();
      t.string('text', 200).notNullable();
    });
  });

  after(async () => {
    await db.knex.schema.dropTable('critiques');
  });

  async function marketWithCritiques(): Promise<Market> {
    return Market.query().insertGraph({
      name: 'Green Grocer',
      wares: [
        { name: 'Rice', price: 2.5, critiques: [{ text: 'good rice' }, { text: 'too dry' }] },
        { name: 'Beans', price: 1.2, critiques: [{ text: 'fine beans' }] },
      ],
    } as never);
  }

  it('is loaded by includes from every model that points at the extended one', async () => {
    const { id } = await marketWithCritiques();

    const market = await Market.query().findById(id).withGraphFetched('wares.critiques');

    expect(
      [...(market?.wares ?? [])]
        .sort((a, b) => a.id - b.id)
        .map((ware) => ({
          ware: ware.name,
          critiques: ware.critiques?.map((critique) => critique.text).sort(),
        })),
    ).to.deep.equal([
      { ware: 'Rice', critiques: ['good rice', 'too dry'] },
      { ware: 'Beans', critiques: ['fine beans'] },
    ]);
  });

  it('is queried by $relatedQuery, and its inverse is checked and found', async () => {
    await marketWithCritiques();
    const rice = await Ware.query().findOne({ name: 'Rice' }).throwIfNotFound();

    const critiques = await rice.$relatedQuery('critiques').orderBy('id');
    const back = await critiques[0]!.$relatedQuery('ware');

    expect(critiques.map((critique) => critique.text)).to.deep.equal(['good rice', 'too dry']);
    expect(back?.name).to.equal('Rice');
  });

  it('carries its delete policy: a cascade from the owner reaches it through models and hooks', async () => {
    const { id } = await marketWithCritiques();

    await Market.query().deleteById(id);

    expect(await Critique.query().resultSize()).to.equal(0);
    const trail = await Deletion.query().orderBy('id');
    expect(trail.map((deletion) => deletion.table_name).sort()).to.deep.equal([
      'critiques',
      'critiques',
      'critiques',
      'products',
      'products',
      'shops',
    ]);
    expect(
      trail
        .filter((deletion) => deletion.table_name === 'critiques')
        .map((deletion) => deletion.row.text)
        .sort(),
    ).to.deep.equal(['fine beans', 'good rice', 'too dry']);
  });

  it('is served by the REST API and described in its OpenAPI document', async () => {
    const { id } = await marketWithCritiques();
    const app = testApp(db.knex, { models: [Market, Ware, Critique] });

    const market = await request(app).get(`/shops/${id}?include=wares.critiques`).expect(200);
    const critiques = await request(app).get('/critiques?sort=id').expect(200);
    const document = await request(app).get('/openapi.json').expect(200);

    const wares = (market.body as { wares: Array<{ critiques: unknown[] }> }).wares;
    expect(wares.map((ware) => ware.critiques.length).sort()).to.deep.equal([1, 2]);
    expect((critiques.body as { total: number }).total).to.equal(3);
    expect(Object.keys(document.body.paths as object)).to.include.members([
      '/critiques',
      '/products/{id}/critiques',
    ]);
  });

  it('refuses to be added to a model in use, and changes nothing', () => {
    const before = Object.keys(Market.getRelations());

    expect(() =>
      addRelations(Market, () => ({
        stalls: hasMany(Ware, { from: 'shops.id', to: 'products.shop_id', inverse: 'market' }),
      })),
    )
      .to.throw(InvalidExtensionError)
      .with.property(
        'message',
        'Cannot add relations to Market: it is in use already, and its relations were read; ' +
          'add them where your models are declared, before the first query',
      );
    expect(Object.keys(Market.getRelations())).to.deep.equal(before);
  });

  it('refuses a relation the model declares already, on first use', () => {
    class Booth extends BaseModel {
      static override tableName = 'products';
      static override relationMappings = () => ({
        market: belongsToOne(Market, {
          from: 'products.shop_id',
          to: 'shops.id',
          inverse: 'wares',
        }),
      });
    }
    addRelations(Booth, () => ({
      market: belongsToOne(Market, { from: 'products.shop_id', to: 'shops.id', inverse: 'wares' }),
    }));

    expect(() => Booth.getRelations())
      .to.throw(InvalidExtensionError)
      .with.property(
        'message',
        'Cannot add Booth.market: Booth declares a relation by that name already',
      );
  });

  it('is what the inverse check needs: without it, the host model’s inverse is refused', () => {
    class Stand extends BaseModel {
      static override tableName = 'products';
    }
    class Remark extends BaseModel {
      static override tableName = 'critiques';
      static override relationMappings = () => ({
        stand: belongsToOne(Stand, {
          from: 'critiques.product_id',
          to: 'products.id',
          inverse: 'remarks',
        }),
      });
    }

    expect(() => Remark.query())
      .to.throw(InverseMismatchError)
      .with.property(
        'message',
        'Remark.stand names Stand.remarks as its inverse, but Stand has no relation remarks',
      );
  });
});
