import { auditDeletions, BaseModel, belongsToOne } from '../lib';
import { User } from './User';

export class Profile extends BaseModel {
  static override tableName = 'profiles';
  // Every deleted row, cascades included, goes into the audit trail.
  static override deleteHooks = [auditDeletions];

  declare id: number;
  declare user_id: number;
  declare bio: string | null;

  declare user?: User;

  // Validates input; the migration owns the schema (user_id unique: one profile per user).
  static override jsonSchema = {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      user_id: { type: 'integer' },
      bio: { type: ['string', 'null'] },
    },
  };

  static override relationMappings = () => ({
    user: belongsToOne(User, { from: 'profiles.user_id', to: 'users.id', inverse: 'profile' }),
  });
}
