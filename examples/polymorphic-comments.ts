import { Comment, Post, Product, Shop, User } from '../models';

/** The README's polymorphic example: comments on posts and products, loaded from both ends. */
export async function polymorphicComments() {
  const user = await User.query().insert({ name: 'John' });
  const shop = await Shop.query().insert({ name: 'Tech Hub' });
  // #region readme
  // A graph insert sets each comment's type column ('post') and id column (the post's id).
  const post = await Post.query().insertGraph({
    user_id: user.id,
    title: 'First Post',
    content: 'Lorem ipsum',
    comments: [{ body: 'Great introduction.' }],
  });
  const laptop = await Product.query().insert({ shop_id: shop.id, name: 'Laptop', price: 999 });
  await laptop.$relatedQuery('comments').insert({ body: 'Fast.' });

  // One query per owner: only the comments of its own type.
  const posts = await Post.query().withGraphFetched('comments');

  // The owners of any number of comments: 1 query for the comments + 1 per type among them.
  const comments = await Comment.query().withGraphFetched('commentable').orderBy('id');
  comments.map((c) => (c.commentable instanceof Post ? c.commentable.title : c.commentable?.name));
  // ['First Post', 'Laptop']

  // Deleting a post deletes its comments (onDelete: 'cascade'), audited; the laptop's stay.
  await Post.query().deleteById(post.id);
  // #endregion
  return { posts, comments, left: await Comment.query() };
}
