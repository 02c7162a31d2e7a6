import pg from 'pg';
import { DataTypes, type ModelStatic, type Model, Sequelize } from 'sequelize';
import sqlite3 from 'sqlite3';
import type { Dialect } from '../../lib';

const TIMESTAMPS = {
  underscored: true,
  timestamps: true,
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;

const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true };

function name(length: number) {
  return {
    type: DataTypes.STRING(length),
    allowNull: false,
    validate: { len: [1, length] as const },
  };
}

function money() {
  return { type: DataTypes.DECIMAL(10, 2), allowNull: false, validate: { min: 0 } };
}

function foreignKey() {
  return { type: DataTypes.INTEGER, allowNull: false };
}

export interface SequelizeModels {
  readonly sequelize: Sequelize;
  readonly Shop: ModelStatic<Model>;
  readonly Product: ModelStatic<Model>;
  readonly User: ModelStatic<Model>;
  readonly Post: ModelStatic<Model>;
  readonly Tag: ModelStatic<Model>;
  readonly Author: ModelStatic<Model>;
  readonly Book: ModelStatic<Model>;
}

function define(sequelize: Sequelize): SequelizeModels {
  const Shop = sequelize.define(
    'Shop',
    { id, name: name(80) },
    { ...TIMESTAMPS, tableName: 'shops' },
  );
  const Product = sequelize.define(
    'Product',
    { id, shop_id: foreignKey(), name: name(80), price: money() },
    { ...TIMESTAMPS, tableName: 'products' },
  );
  const User = sequelize.define(
    'User',
    { id, name: name(50) },
    { ...TIMESTAMPS, tableName: 'users' },
  );
  const Post = sequelize.define(
    'Post',
    { id, user_id: foreignKey(), title: name(100), content: { type: DataTypes.TEXT } },
    { ...TIMESTAMPS, tableName: 'posts' },
  );
  const Tag = sequelize.define('Tag', { id, name: name(50) }, { ...TIMESTAMPS, tableName: 'tags' });
  const PostTag = sequelize.define(
    'PostTag',
    {
      post_id: { type: DataTypes.INTEGER, primaryKey: true },
      tag_id: { type: DataTypes.INTEGER, primaryKey: true },
    },
    { tableName: 'post_tags', timestamps: false },
  );
  const Author = sequelize.define(
    'Author',
    { id, name: name(100) },
    { ...TIMESTAMPS, tableName: 'authors' },
  );
  const Book = sequelize.define(
    'Book',
    { id, author_id: foreignKey(), title: name(200) },
    { ...TIMESTAMPS, tableName: 'books' },
  );

  Shop.hasMany(Product, { as: 'products', foreignKey: 'shop_id' });
  User.hasMany(Post, { as: 'posts', foreignKey: 'user_id' });
  Post.belongsToMany(Tag, {
    as: 'tags',
    through: PostTag,
    foreignKey: 'post_id',
    otherKey: 'tag_id',
  });
  // Sequelize's declared cascade: with `hooks: true` it destroys the books one by one, hooks run.
  Author.hasMany(Book, { as: 'books', foreignKey: 'author_id', onDelete: 'CASCADE', hooks: true });
  return { sequelize, Shop, Product, User, Post, Tag, Author, Book };
}

/** Sequelize v6 on the database `url` names, using the project's pg and sqlite3 drivers. */
export function openSequelize(dialect: Dialect, url: string): SequelizeModels {
  const connection = dialect.knexConfig(url).connection as { filename?: string };
  const sequelize =
    connection.filename === undefined
      ? new Sequelize(url, { dialect: 'postgres', dialectModule: pg, logging: false })
      : new Sequelize({
          dialect: 'sqlite',
          storage: connection.filename,
          dialectModule: sqlite3,
          logging: false,
        });
  return define(sequelize);
}
