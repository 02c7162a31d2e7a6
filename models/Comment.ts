import { auditDeletions, BaseModel, morphTo } from '../lib';
import { Post } from './Post';
import { Product } from './Product';

export class Comment extends BaseModel {
  static override tableName = 'comments';
  // Every deleted row, cascades included, goes into the audit trail.
  static override deleteHooks = [auditDeletions];

  declare id: number;
  declare body: string;
  /** A key of the morph map below: stored data, never a class name. */
  declare commentable_type: string;
  declare commentable_id: number;

  declare commentable?: Post | Product | null;

  // Validates input; the migration owns the schema (body text, commentable_type varchar(40)).
  static override jsonSchema = {
    type: 'object',
    required: ['body'],
    properties: {
      id: { type: 'integer' },
      body: { type: 'string', minLength: 1, maxLength: 2000 },
      commentable_type: { type: 'string', enum: ['post', 'product'], maxLength: 40 },
      commentable_id: { type: 'integer' },
    },
  };

  static override relationMappings = () => ({
    commentable: morphTo({
      type: 'comments.commentable_type',
      id: 'comments.commentable_id',
      targets: () => ({ post: Post, product: Product }),
      inverse: 'comments',
    }),
  });
}
