import { AjvValidator, Model } from 'objection';
import { Author, Book, Post, Product, Shop, Tag, User } from '../../models';

/**
 * Vanilla Objection on the same schema: plain `Model` classes with the same JSON schemas and
 * Objection's documented timestamp recipe, and none of the layer (no custom query builder, no
 * typed errors, no set-based writes).
 */
class PlainModel extends Model {
  declare created_at?: string;
  declare updated_at?: string;

  // With Objection's default of 4 concurrent inserts, a graph's rows get ids in a scrambled
  // order, and the benchmark requires every contender to give the same ids.
  static concurrency = 1;

  // Objection's documented validator hook; without a precision, ajv rejects 1.37 as not a
  // multiple of 0.01 (floating point), so vanilla Objection could not take these prices at all.
  static override createValidator() {
    return new AjvValidator({
      onCreateAjv: () => undefined,
      options: {
        allErrors: true,
        validateSchema: false,
        ownProperties: true,
        multipleOfPrecision: 9,
      },
    });
  }

  override $beforeInsert() {
    this.created_at = new Date().toISOString();
    this.updated_at = this.created_at;
  }

  override $beforeUpdate() {
    this.updated_at = new Date().toISOString();
  }
}

export class PlainShop extends PlainModel {
  static override tableName = 'shops';
  static override jsonSchema = Shop.jsonSchema;
  declare id: number;
  declare name: string;
  declare products?: PlainProduct[];

  static override relationMappings = () => ({
    products: {
      relation: Model.HasManyRelation,
      modelClass: PlainProduct,
      join: { from: 'shops.id', to: 'products.shop_id' },
    },
  });
}

export class PlainProduct extends PlainModel {
  static override tableName = 'products';
  static override jsonSchema = Product.jsonSchema;
  declare id: number;
  declare shop_id: number;
  declare name: string;
  declare price: number;
}

export class PlainUser extends PlainModel {
  static override tableName = 'users';
  static override jsonSchema = User.jsonSchema;
  declare id: number;
  declare name: string;

  static override relationMappings = () => ({
    posts: {
      relation: Model.HasManyRelation,
      modelClass: PlainPost,
      join: { from: 'users.id', to: 'posts.user_id' },
    },
  });
}

export class PlainPost extends PlainModel {
  static override tableName = 'posts';
  static override jsonSchema = Post.jsonSchema;
  declare id: number;

  static override relationMappings = () => ({
    tags: {
      relation: Model.ManyToManyRelation,
      modelClass: PlainTag,
      join: {
        from: 'posts.id',
        through: { from: 'post_tags.post_id', to: 'post_tags.tag_id' },
        to: 'tags.id',
      },
    },
  });
}

export class PlainTag extends PlainModel {
  static override tableName = 'tags';
  static override jsonSchema = Tag.jsonSchema;
  declare id: number;
}

export class PlainAuthor extends PlainModel {
  static override tableName = 'authors';
  static override jsonSchema = Author.jsonSchema;
  declare id: number;
  declare name: string;

  static override relationMappings = () => ({
    books: {
      relation: Model.HasManyRelation,
      modelClass: PlainBook,
      join: { from: 'authors.id', to: 'books.author_id' },
    },
  });
}

export class PlainBook extends PlainModel {
  static override tableName = 'books';
  static override jsonSchema = Book.jsonSchema;
  declare id: number;
  declare author_id: number;
  declare title: string;
}

/** Binds the vanilla models to `knex`, the one the layer's models use. */
export function bindPlainModels(knex: Parameters<typeof Model.knex>[0]): void {
  PlainModel.knex(knex);
}
