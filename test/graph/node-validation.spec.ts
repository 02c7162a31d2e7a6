import { expect } from 'chai';
import type { JSONSchema, ModelOptions, Pojo } from 'objection';
import { ValidationFailedError } from '../../lib';
import { Product, Shop } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

// Graph writes validate each node with ajv's compiled check; whatever Objection's $validate
// would do besides (defaults, $beforeValidate, the error itself) must still happen.
describeEachDialect('Graph writes | each node validated as Objection validates it', (db) => {
  async function refusal(write: () => PromiseLike<unknown>): Promise<ValidationFailedError> {
    const before = await snapshotDatabase(db.knex);
    const error = await Promise.resolve(write()).then(
      () => expect.fail('the write was expected to be refused'),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ValidationFailedError);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
    return error as ValidationFailedError;
  }

  it('refuses an invalid new node with the error Objection’s $validate gives, writing nothing', async () => {
    const invalid = { name: '', price: 1.234 };
    const expected = (() => {
      try {
        Product.fromJson(invalid);
      } catch (error) {
        return error as ValidationFailedError;
      }
      return expect.fail('fromJson was expected to refuse the product');
    })();

    const error = await refusal(() =>
      Shop.query().insertGraph({
        name: 'Green Grocer',
        products: [{ name: 'Rice', price: 1 }, invalid],
      }),
    );

    expect(error.errors).to.deep.equal(
      expected.errors.map((field) => ({ ...field, path: `products[1].${field.path}` })),
    );
    expect(error.errors.map((e) => e.path)).to.deep.equal([
      'products[1].name',
      'products[1].price',
    ]);
  });

  it('refuses a changed row of an upsert as a patch, with its path, writing nothing', async () => {
    const shop = await Shop.query().insertGraph({
      name: 'Green Grocer',
      products: [{ name: 'Rice', price: 2.5 }],
    });

    const error = await refusal(() =>
      Shop.query().upsertGraph({
        id: shop.id,
        products: [{ id: shop.products![0]!.id, price: -1 }],
      }),
    );

    expect(error.errors.map((e) => e.path)).to.deep.equal(['products[0].price']);
  });

  it('gives new nodes the defaults of their schema', async () => {
    class DefaultPriceProduct extends Product {
      static override jsonSchema = {
        ...Product.jsonSchema,
        required: ['name'],
        properties: {
          ...Product.jsonSchema.properties,
          price: { ...Product.jsonSchema.properties.price, default: 1 },
        },
      };
    }

    const [product] = await DefaultPriceProduct.query().insertGraph([
      { name: 'Rice', shop: { name: 'Green Grocer' } },
    ]);

    expect(product?.price).to.equal(1);
    expect(Number((await db.knex('products').first()).price)).to.equal(1);
  });

  it('runs $beforeValidate on every new and changed node, and honours the schema it returns', async () => {
    const seen: string[] = [];
    class StrictShop extends Shop {
      override $beforeValidate(jsonSchema: JSONSchema, json: Pojo, options: ModelOptions) {
        seen.push(`${String(json.name)}${options.patch ? ' (patch)' : ''}`);
        return {
          ...jsonSchema,
          properties: { ...jsonSchema.properties, name: { type: 'string', maxLength: 5 } },
        };
      }
    }
    const shop = await StrictShop.query().insertGraph({ name: 'Corn' });

    const error = await refusal(() =>
      StrictShop.query().upsertGraph([{ id: shop.id, name: 'Corner' }, { name: 'Bakery' }]),
    );

    expect(error.errors.map((e) => e.path)).to.deep.equal(['name']);
    expect(seen).to.deep.equal(['Corn', 'Corner (patch)']);
  });
});
