import type { Post, Product } from '../../models';
import { Comment, Shop, User } from '../../models';

/** A user's post and a shop's product, each with its own comments, inserted through the owners. */
export async function postAndProductWithComments() {
  const user = await User.query().insertGraph({
    name: 'John',
    posts: [
      {
        title: 'First Post',
        content: 'Lorem ipsum',
        comments: [{ body: 'Great introduction.' }, { body: 'More, please.' }],
      },
    ],
  });
  const shop = await Shop.query().insertGraph({
    name: 'Tech Hub',
    products: [{ name: 'Laptop', price: 999.99, comments: [{ body: 'Fast.' }] }],
  });
  const post = user.posts![0]! as Post;
  const product = shop.products![0]! as Product;
  return { user, shop, post, product };
}

/** The comments as `type:id body`, in id order: what each row points at. */
export async function commentRows(): Promise<string[]> {
  const comments = await Comment.query().orderBy('id');
  return comments.map((c) => `${c.commentable_type}:${c.commentable_id} ${c.body}`);
}
