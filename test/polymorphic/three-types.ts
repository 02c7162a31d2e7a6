import { BaseModel, morphMany, morphTo, type RelationDeclaration } from '../../lib';

// A morph map of three types over the demo's tables: remarks (the comments table) on articles
// (posts) and writers (authors), which cascade, and items (products), which restrict.

const remarks = (
  from: string,
  typeValue: string,
  onDelete: 'cascade' | 'restrict',
): RelationDeclaration =>
  morphMany(Remark, {
    from,
    type: 'comments.commentable_type',
    id: 'comments.commentable_id',
    typeValue,
    inverse: 'remarkable',
    onDelete,
  });

export class Article extends BaseModel {
  static override tableName = 'posts';
  declare id: number;
  declare title: string;
  declare remarks?: Remark[];
  static override relationMappings = () => ({ remarks: remarks('posts.id', 'post', 'cascade') });
}

export class Item extends BaseModel {
  static override tableName = 'products';
  declare id: number;
  declare name: string;
  declare remarks?: Remark[];
  static override relationMappings = () => ({
    remarks: remarks('products.id', 'product', 'restrict'),
  });
}

export class Writer extends BaseModel {
  static override tableName = 'authors';
  declare id: number;
  declare name: string;
  declare remarks?: Remark[];
  static override relationMappings = () => ({
    remarks: remarks('authors.id', 'author', 'cascade'),
  });
}

export class Remark extends BaseModel {
  static override tableName = 'comments';
  declare id: number;
  declare body: string;
  declare commentable_type: string;
  declare commentable_id: number;
  declare remarkable?: Article | Item | Writer | null;
  static override relationMappings = () => ({
    remarkable: morphTo({
      type: 'comments.commentable_type',
      id: 'comments.commentable_id',
      targets: () => ({ post: Article, product: Item, author: Writer }),
      inverse: 'remarks',
    }),
  });
}
