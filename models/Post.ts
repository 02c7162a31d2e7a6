import { auditDeletions, BaseModel, belongsToOne, manyToMany, morphMany } from '../lib';
import { Comment } from './Comment';
import { Tag } from './Tag';
import { User } from './User';

export class Post extends BaseModel {
  static override tableName = 'posts';
  // Every deleted row, cascades included, goes into the audit trail.
  static override deleteHooks = [auditDeletions];

  declare id: number;
  declare user_id: number;
  declare title: string;
  declare content: string;

  declare user?: User;
  declare tags?: Tag[];
  declare comments?: Comment[];

  // Validates input; the migration owns the schema (title varchar(100), content text).
  static override jsonSchema = {
    type: 'object',
    required: ['title', 'content'],
    properties: {
      id: { type: 'integer' },
      user_id: { type: 'integer' },
      title: { type: 'string', minLength: 1, maxLength: 100 },
      content: { type: 'string', minLength: 1 },
    },
  };

  static override relationMappings = () => ({
    user: belongsToOne(User, { from: 'posts.user_id', to: 'users.id', inverse: 'posts' }),
    tags: manyToMany(Tag, {
      from: 'posts.id',
      through: { from: 'post_tags.post_id', to: 'post_tags.tag_id' },
      to: 'tags.id',
      inverse: 'posts',
      onDelete: 'unrelate',
    }),
    comments: morphMany(Comment, {
      from: 'posts.id',
      type: 'comments.commentable_type',
      id: 'comments.commentable_id',
      typeValue: 'post',
      inverse: 'commentable',
      onDelete: 'cascade',
    }),
  });
}
