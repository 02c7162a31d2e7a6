export { Author } from './Author';
export { Book } from './Book';
export { Category } from './Category';
export { Comment } from './Comment';
export { Customer } from './Customer';
export { Order } from './Order';
export { Post } from './Post';
export { Product } from './Product';
export { Profile } from './Profile';
export { Shop } from './Shop';
export { Tag } from './Tag';
export { User } from './User';

import { Author } from './Author';
import { Book } from './Book';
import { Category } from './Category';
import { Comment } from './Comment';
import { Customer } from './Customer';
import { Order } from './Order';
import { Post } from './Post';
import { Product } from './Product';
import { Profile } from './Profile';
import { Shop } from './Shop';
import { Tag } from './Tag';
import { User } from './User';

/** Every model of the domain, for code that walks them all (schema checks, the HTTP layer). */
export const allModels = [
  Shop,
  Product,
  User,
  Profile,
  Post,
  Tag,
  Author,
  Book,
  Customer,
  Order,
  Category,
  Comment,
];
