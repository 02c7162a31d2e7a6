import 'reflect-metadata';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { DataSource, EntitySchema } from 'typeorm';
import type { Dialect } from '../../lib';

// EntitySchema instead of decorators: the same mapping without a decorator build setup.

interface Timestamped {
  created_at?: Date;
  updated_at?: Date;
}

export interface ShopEntity extends Timestamped {
  id?: number;
  name: string;
  products?: ProductEntity[];
}

export interface ProductEntity extends Timestamped {
  id?: number;
  shop_id?: number;
  name: string;
  price: number | string;
  shop?: ShopEntity;
}

export interface UserEntity extends Timestamped {
  id: number;
  name: string;
  posts?: PostEntity[];
}

export interface PostEntity extends Timestamped {
  id: number;
  user_id: number;
  title: string;
  content: string;
  user?: UserEntity;
  tags?: TagEntity[];
}

export interface TagEntity extends Timestamped {
  id: number;
  name: string;
}

export interface AuthorEntity extends Timestamped {
  id: number;
  name: string;
  books?: BookEntity[];
}

export interface BookEntity extends Timestamped {
  id: number;
  author_id: number;
  title: string;
  author?: AuthorEntity;
}

const id = { type: Number, primary: true, generated: true } as const;
const timestamps = {
  created_at: { type: Date, createDate: true },
  updated_at: { type: Date, updateDate: true },
} as const;

export const ShopSchema = new EntitySchema<ShopEntity>({
  name: 'Shop',
  tableName: 'shops',
  columns: { id, name: { type: String }, ...timestamps },
  relations: {
    products: { type: 'one-to-many', target: 'Product', inverseSide: 'shop', cascade: true },
  },
});

export const ProductSchema = new EntitySchema<ProductEntity>({
  name: 'Product',
  tableName: 'products',
  columns: {
    id,
    shop_id: { type: Number },
    name: { type: String },
    price: { type: 'decimal', precision: 10, scale: 2 },
    ...timestamps,
  },
  relations: {
    shop: {
      type: 'many-to-one',
      target: 'Shop',
      inverseSide: 'products',
      joinColumn: { name: 'shop_id' },
      // A product dropped from its shop's list is deleted when the shop is saved.
      orphanedRowAction: 'delete',
    },
  },
});

export const UserSchema = new EntitySchema<UserEntity>({
  name: 'User',
  tableName: 'users',
  columns: { id, name: { type: String }, ...timestamps },
  relations: { posts: { type: 'one-to-many', target: 'Post', inverseSide: 'user' } },
});

export const PostSchema = new EntitySchema<PostEntity>({
  name: 'Post',
  tableName: 'posts',
  columns: {
    id,
    user_id: { type: Number },
    title: { type: String },
    content: { type: String },
    ...timestamps,
  },
  relations: {
    user: {
      type: 'many-to-one',
      target: 'User',
      inverseSide: 'posts',
      joinColumn: { name: 'user_id' },
    },
    tags: {
      type: 'many-to-many',
      target: 'Tag',
      joinTable: {
        name: 'post_tags',
        joinColumn: { name: 'post_id' },
        inverseJoinColumn: { name: 'tag_id' },
      },
    },
  },
});

export const TagSchema = new EntitySchema<TagEntity>({
  name: 'Tag',
  tableName: 'tags',
  columns: { id, name: { type: String }, ...timestamps },
});

export const AuthorSchema = new EntitySchema<AuthorEntity>({
  name: 'Author',
  tableName: 'authors',
  columns: { id, name: { type: String }, ...timestamps },
  relations: {
    books: { type: 'one-to-many', target: 'Book', inverseSide: 'author', cascade: ['remove'] },
  },
});

export const BookSchema = new EntitySchema<BookEntity>({
  name: 'Book',
  tableName: 'books',
  columns: { id, author_id: { type: Number }, title: { type: String }, ...timestamps },
  relations: {
    author: {
      type: 'many-to-one',
      target: 'Author',
      inverseSide: 'books',
      joinColumn: { name: 'author_id' },
    },
  },
});

const ENTITIES = [
  ShopSchema,
  ProductSchema,
  UserSchema,
  PostSchema,
  TagSchema,
  AuthorSchema,
  BookSchema,
];

// TypeORM calls sqlite3.verbose(), which makes every sqlite3 call in the process capture a
// stack trace, the other contenders' included. It gets sqlite3 without that switch.
const sqlite3WithoutVerbose = Object.assign(Object.create(sqlite3) as typeof sqlite3, {
  verbose: () => sqlite3,
});

/** A TypeORM data source on the database `url` names, using the project's pg and sqlite3. */
export async function openTypeorm(dialect: Dialect, url: string): Promise<DataSource> {
  const connection = dialect.knexConfig(url).connection as { filename?: string };
  const source =
    connection.filename === undefined
      ? new DataSource({ type: 'postgres', url, driver: pg, entities: ENTITIES })
      : new DataSource({
          type: 'sqlite',
          database: connection.filename,
          driver: sqlite3WithoutVerbose,
          busyTimeout: 5000,
          entities: ENTITIES,
        });
  return source.initialize();
}
