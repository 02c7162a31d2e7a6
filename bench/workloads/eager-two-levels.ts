import { User } from '../../models';
import { normalize } from '../harness/normalize';
import { roundsWorkload } from '../harness/rounds';
import type { Workload } from '../harness/workload';
import { MikroUserSchema } from '../orms/mikro-orm-entities';
import { PlainUser } from '../orms/objection-models';
import { UserSchema } from '../orms/typeorm-entities';
import { loadBlog } from './fixtures';
import { nest } from './nest';
import { USER } from './shapes';

const TAG_POOL = 60;

/** Every user with their posts, and every post with its tags (many-to-many). */
export function eagerTwoLevels({
  reducedFrom,
  ...size
}: {
  users: number;
  postsPerUser: number;
  tagsPerPost: number;
  reducedFrom?: string;
}): Workload {
  return roundsWorkload({
    name: reducedFrom
      ? `eager-2level-${size.users}x${size.postsPerUser}x${size.tagsPerPost}`
      : 'eager-2level',
    reducedFrom,
    load: (ctx) => loadBlog(ctx, { ...size, tagPool: TAG_POOL }),
    prepare: () => undefined,
    contenders: {
      layer: () => User.query().withGraphFetched('posts.tags').orderBy('id'),
      objection: () => PlainUser.query().withGraphFetched('posts.tags').orderBy('id'),
      knex: async ({ knex }) => {
        const users = await knex('users').orderBy('id');
        const posts = await knex('posts').whereIn(
          'user_id',
          users.map((user: { id: number }) => user.id),
        );
        const tags = await knex('tags')
          .join('post_tags', 'post_tags.tag_id', 'tags.id')
          .whereIn(
            'post_tags.post_id',
            posts.map((post: { id: number }) => post.id),
          )
          .select('tags.*', 'post_tags.post_id');
        nest(posts, tags, 'post_id', 'tags');
        return nest(users, posts, 'user_id', 'posts');
      },
      driver: async ({ driver }) => {
        const users = await driver.prepare('select * from users order by id')([]);
        const posts = await driver.prepare(`select * from posts where ${driver.isIn('user_id')}`)([
          driver.list(users.map((user) => user.id)),
        ]);
        const tags = await driver.prepare(
          `select tags.*, post_tags.post_id from tags join post_tags on post_tags.tag_id = tags.id where ${driver.isIn('post_tags.post_id')}`,
        )([driver.list(posts.map((post) => post.id))]);
        nest(posts, tags, 'post_id', 'tags');
        return nest(users, posts, 'user_id', 'posts');
      },
      kysely: ({ kysely: { db, jsonArrayFrom } }) =>
        db
          .selectFrom('users')
          .selectAll('users')
          .select((eb) =>
            jsonArrayFrom(
              eb
                .selectFrom('posts')
                .select([
                  'posts.id',
                  'posts.user_id',
                  'posts.title',
                  'posts.content',
                  'posts.created_at',
                  'posts.updated_at',
                ])
                .select((inner) =>
                  jsonArrayFrom(
                    inner
                      .selectFrom('tags')
                      .innerJoin('post_tags', 'post_tags.tag_id', 'tags.id')
                      .select(['tags.id', 'tags.name', 'tags.created_at', 'tags.updated_at'])
                      .whereRef('post_tags.post_id', '=', 'posts.id'),
                  ).as('tags'),
                )
                .whereRef('posts.user_id', '=', 'users.id'),
            ).as('posts'),
          )
          .orderBy('users.id')
          .execute(),
      drizzle: ({ drizzle }) => drizzle.usersWithPostsAndTags(),
      mikroorm: ({ mikroorm }) =>
        mikroorm.em
          .fork()
          .find(MikroUserSchema, {}, { populate: ['posts.tags'], orderBy: { id: 'asc' } }),
      sequelize: ({ sequelize: { User: SqUser, Post, Tag } }) =>
        SqUser.findAll({
          include: [
            {
              model: Post,
              as: 'posts',
              separate: true,
              include: [{ model: Tag, as: 'tags', through: { attributes: [] } }],
            },
          ],
          order: [['id', 'ASC']],
        }),
      typeorm: ({ typeorm }) =>
        typeorm.getRepository(UserSchema).find({
          relations: { posts: { tags: true } },
          order: { id: 'ASC' },
        }),
    },
    outcome: (_ctx, users) => normalize(users, USER, 'id'),
  });
}
