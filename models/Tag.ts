import { auditDeletions, BaseModel, manyToMany } from '../lib';
import { Post } from './Post';

export class Tag extends BaseModel {
  static override tableName = 'tags';
  // Every deleted row, cascades included, goes into the audit trail.
  static override deleteHooks = [auditDeletions];

  declare id: number;
  declare name: string;

  declare posts?: Post[];

  // Validates input; the migration owns the schema (name varchar(50), unique).
  static override jsonSchema = {
    type: 'object',
    required: ['name'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', minLength: 1, maxLength: 50 },
    },
  };

  static override relationMappings = () => ({
    posts: manyToMany(Post, {
      from: 'tags.id',
      through: { from: 'post_tags.tag_id', to: 'post_tags.post_id' },
      to: 'posts.id',
      inverse: 'tags',
      onDelete: 'unrelate',
    }),
  });
}
