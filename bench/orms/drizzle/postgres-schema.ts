import { relations } from 'drizzle-orm';
import {
  integer,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  varchar,
} from 'drizzle-orm/pg-core';

// The project's tables as Drizzle declares them for PostgreSQL (the migrations own the schema):
// the timestamps are the columns' defaults, and `$onUpdate` stamps every update.

const timestamps = {
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updated_at: timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const shops = pgTable('shops', {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 80 }).notNull(),
  ...timestamps,
});

export const products = pgTable('products', {
  id: serial('id').primaryKey(),
  shop_id: integer('shop_id')
    .notNull()
    .references(() => shops.id, { onDelete: 'cascade' }),
  name: varchar('name', { length: 80 }).notNull(),
  price: numeric('price', { precision: 10, scale: 2, mode: 'number' }).notNull(),
  ...timestamps,
});

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 50 }).notNull(),
  ...timestamps,
});

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  user_id: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  title: varchar('title', { length: 100 }).notNull(),
  content: text('content'),
  ...timestamps,
});

export const tags = pgTable('tags', {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 50 }).notNull(),
  ...timestamps,
});

export const postTags = pgTable(
  'post_tags',
  {
    post_id: integer('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    tag_id: integer('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.post_id, table.tag_id] })],
);

export const authors = pgTable('authors', {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 100 }).notNull(),
  ...timestamps,
});

export const books = pgTable('books', {
  id: serial('id').primaryKey(),
  author_id: integer('author_id')
    .notNull()
    .references(() => authors.id, { onDelete: 'cascade' }),
  title: varchar('title', { length: 200 }).notNull(),
  ...timestamps,
});

export const shopsRelations = relations(shops, ({ many }) => ({ products: many(products) }));
export const productsRelations = relations(products, ({ one }) => ({
  shop: one(shops, { fields: [products.shop_id], references: [shops.id] }),
}));
export const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
export const postsRelations = relations(posts, ({ one, many }) => ({
  user: one(users, { fields: [posts.user_id], references: [users.id] }),
  postTags: many(postTags),
}));
export const tagsRelations = relations(tags, ({ many }) => ({ postTags: many(postTags) }));
export const postTagsRelations = relations(postTags, ({ one }) => ({
  post: one(posts, { fields: [postTags.post_id], references: [posts.id] }),
  tag: one(tags, { fields: [postTags.tag_id], references: [tags.id] }),
}));
