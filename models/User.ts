import { auditDeletions, BaseModel, hasMany, hasOne } from '../lib';
import { Post } from './Post';
import { Profile } from './Profile';

export class User extends BaseModel {
  static override tableName = 'users';
  // Every deleted row, cascades included, goes into the audit trail.
  static override deleteHooks = [auditDeletions];

  declare id: number;
  declare name: string;

  declare posts?: Post[];
  declare profile?: Profile | null;

  // Validates input; the migration owns the schema (name varchar(50)).
  static override jsonSchema = {
    type: 'object',
    required: ['name'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string', minLength: 1, maxLength: 50 },
    },
  };

  static override relationMappings = () => ({
    posts: hasMany(Post, {
      from: 'users.id',
      to: 'posts.user_id',
      inverse: 'user',
      onDelete: 'cascade',
    }),
    profile: hasOne(Profile, {
      from: 'users.id',
      to: 'profiles.user_id',
      inverse: 'user',
      onDelete: 'cascade',
    }),
  });
}
