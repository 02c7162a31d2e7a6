import { User } from '../models';

/** The README's graph-upsert example: children missing from the graph go by their policy. */
export async function graphUpserts() {
  const john = await User.query().insertGraph({
    name: 'John',
    posts: [
      { title: 'Draft', content: 'Lorem', tags: [{ name: 'orm' }] },
      { title: 'Published', content: 'Ipsum', tags: [{ name: 'sql' }] },
    ],
  });
  const published = john.posts?.[1];
  // #region readme
  // One transaction: rename John, retag the published post, and drop the draft.
  // User.posts is `cascade`: the draft is deleted, its own policies and hooks run.
  // Post.tags is `unrelate`: the published post leaves "sql"; the tag itself stays.
  await User.query()
    .upsertGraph({
      id: john.id,
      name: 'John Smith',
      posts: [{ id: published?.id, tags: [{ name: 'typescript' }] }],
    })
    .allowGraph('posts.tags');
  // #endregion
  return User.query().findById(john.id).withGraphFetched('posts.tags');
}
