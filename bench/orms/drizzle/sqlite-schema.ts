import { relations, sql } from 'drizzle-orm';
import { integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// The project's tables as Drizzle declares them for SQLite (the migrations own the schema): the
// timestamps are the columns' defaults, and `$onUpdate` stamps every update.

const timestamps = {
  created_at: text('created_at')
    .notNull()
    .default(sql`CURRENT_TIMESTAMP`),
  updated_at: text('updated_at')
    .notNull()
    .default(sql`CURRENT_TIMESTAMP`)
    .$onUpdate(() => new Date().toISOString()),
};

const id = () => integer('id').primaryKey({ autoIncrement: true });

export const shops = sqliteTable('shops', {
  id: id(),
  name: text('name', { length: 80 }).notNull(),
  ...timestamps,
});

export const products = sqliteTable('products', {
  id: id(),
  shop_id: integer('shop_id')
    .notNull()
    .references(() => shops.id, { onDelete: 'cascade' }),
  name: text('name', { length: 80 }).notNull(),
  price: real('price').notNull(),
  ...timestamps,
});

export const users = sqliteTable('users', {
  id: id(),
  name: text('name', { length: 50 }).notNull(),
  ...timestamps,
});

export const posts = sqliteTable('posts', {
  id: id(),
  user_id: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  title: text('title', { length: 100 }).notNull(),
  content: text('content'),
  ...timestamps,
});

export const tags = sqliteTable('tags', {
  id: id(),
  name: text('name', { length: 50 }).notNull(),
  ...timestamps,
});

export const postTags = sqliteTable(
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

export const authors = sqliteTable('authors', {
  id: id(),
  name: text('name', { length: 100 }).notNull(),
  ...timestamps,
});

export const books = sqliteTable('books', {
  id: id(),
  author_id: integer('author_id')
    .notNull()
    .references(() => authors.id, { onDelete: 'cascade' }),
  title: text('title', { length: 200 }).notNull(),
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
