import { type Collection, EntitySchema, MikroORM, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import type { Dialect } from '../../lib';

// EntitySchema instead of decorators, as for TypeORM: the same mapping without a decorator build
// setup. References serialise as the foreign key's column and value, as the other contenders'
// rows have them.

interface Timestamped {
  created_at: Date;
  updated_at: Date;
}

export interface MikroShop extends Timestamped {
  id: number;
  name: string;
  products: Collection<MikroProduct>;
}

export interface MikroProduct extends Timestamped {
  id: number;
  shop: MikroShop;
  name: string;
  price: number;
}

export interface MikroUser extends Timestamped {
  id: number;
  name: string;
  posts: Collection<MikroPost>;
}

export interface MikroPost extends Timestamped {
  id: number;
  user: MikroUser;
  title: string;
  content: string;
  tags: Collection<MikroTag>;
}

export interface MikroTag extends Timestamped {
  id: number;
  name: string;
}

export interface MikroAuthor extends Timestamped {
  id: number;
  name: string;
  books: Collection<MikroBook>;
}

export interface MikroBook extends Timestamped {
  id: number;
  author: MikroAuthor;
  title: string;
}

const id = { type: 'number', primary: true } as const;
const timestamps = {
  created_at: { type: 'Date', onCreate: () => new Date() },
  updated_at: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
} as const;

/** A many-to-one reference, serialised as the referenced id under the foreign key's name. */
function belongsTo(entity: string, column: string) {
  return {
    kind: 'm:1',
    entity,
    fieldName: column,
    serializedName: column,
    serializer: (referenced: { id: number }) => referenced.id,
  } as const;
}

export const MikroShopSchema = new EntitySchema<MikroShop>({
  name: 'Shop',
  tableName: 'shops',
  properties: {
    id,
    name: { type: 'string' },
    ...timestamps,
    // A product dropped from the collection is deleted when the unit of work is flushed.
    products: { kind: '1:m', entity: 'Product', mappedBy: 'shop', orphanRemoval: true },
  },
});

export const MikroProductSchema = new EntitySchema<MikroProduct>({
  name: 'Product',
  tableName: 'products',
  properties: {
    id,
    shop: belongsTo('Shop', 'shop_id'),
    name: { type: 'string' },
    // Decimals are strings unless asked for as numbers.
    price: { type: 'decimal', precision: 10, scale: 2, runtimeType: 'number' },
    ...timestamps,
  },
});

export const MikroUserSchema = new EntitySchema<MikroUser>({
  name: 'User',
  tableName: 'users',
  properties: {
    id,
    name: { type: 'string' },
    ...timestamps,
    posts: { kind: '1:m', entity: 'Post', mappedBy: 'user' },
  },
});

export const MikroPostSchema = new EntitySchema<MikroPost>({
  name: 'Post',
  tableName: 'posts',
  properties: {
    id,
    user: belongsTo('User', 'user_id'),
    title: { type: 'string' },
    content: { type: 'text' },
    ...timestamps,
    tags: {
      kind: 'm:n',
      entity: 'Tag',
      owner: true,
      pivotTable: 'post_tags',
      joinColumn: 'post_id',
      inverseJoinColumn: 'tag_id',
    },
  },
});

export const MikroTagSchema = new EntitySchema<MikroTag>({
  name: 'Tag',
  tableName: 'tags',
  properties: { id, name: { type: 'string' }, ...timestamps },
});

export const MikroAuthorSchema = new EntitySchema<MikroAuthor>({
  name: 'Author',
  tableName: 'authors',
  properties: {
    id,
    name: { type: 'string' },
    ...timestamps,
    // MikroORM's declared cascade: removing an author removes its (loaded) books.
    books: { kind: '1:m', entity: 'Book', mappedBy: 'author', orphanRemoval: true },
  },
});

export const MikroBookSchema = new EntitySchema<MikroBook>({
  name: 'Book',
  tableName: 'books',
  properties: {
    id,
    author: belongsTo('Author', 'author_id'),
    title: { type: 'string' },
    ...timestamps,
  },
});

const ENTITIES = [
  MikroShopSchema,
  MikroProductSchema,
  MikroUserSchema,
  MikroPostSchema,
  MikroTagSchema,
  MikroAuthorSchema,
  MikroBookSchema,
];

/**
 * MikroORM 6 (6.6.16: 7.x needs Node 22) on the database `url` names, with its own drivers (its
 * PostgreSQL package pins pg 8.20.0, its SQLite package sqlite3 5.1.7, the project's version),
 * dates read as UTC, and its defaults otherwise: joined eager loading, batched writes.
 */
export async function openMikroOrm(dialect: Dialect, url: string): Promise<MikroORM> {
  const connection = dialect.knexConfig(url).connection as { filename?: string };
  const common: Options = {
    entities: ENTITIES,
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: false,
  };
  return connection.filename === undefined
    ? MikroORM.init({ ...common, driver: PostgreSqlDriver, clientUrl: url })
    : MikroORM.init({ ...common, driver: SqliteDriver, dbName: connection.filename });
}
