import createClient from 'openapi-fetch';
import type { components, paths } from './api-types';

type Problem = components['schemas']['Problem'];

/** An answer of openapi-fetch: its data when the status is a success, its problem otherwise. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful answer; a failure throws with the problem the API answered. */
function dataOf<T>({ data, error, response }: Answer<T>): T {
  if (data === undefined) {
    const problem = error as Problem | undefined;
    throw new Error(`${response.status} ${problem?.code ?? ''}: ${problem?.detail ?? ''}`);
  }
  return data;
}

function deleted({ response }: Answer<unknown>): number {
  if (response.status !== 204) throw new Error(`DELETE answered ${response.status}`);
  return response.status;
}

/**
 * A client generated from the API's OpenAPI document (openapi-typescript for the types,
 * openapi-fetch for the calls) using every resource: each path, parameter and body below is
 * checked by the compiler against the document, and the answers are typed by it.
 */
export async function callEveryResource(baseUrl: string, fetchImpl: typeof fetch = fetch) {
  // `include=a,b` as the document describes it: a form-style list, not exploded.
  const api = createClient<paths>({
    baseUrl,
    fetch: fetchImpl,
    querySerializer: { array: { style: 'form', explode: false } },
  });

  const shop = dataOf(
    await api.POST('/shops', {
      body: { name: 'Typed Teas', products: [{ name: 'Sencha', price: 4.5 }] },
    }),
  );
  const [sencha] = dataOf(
    await api.GET('/shops/{id}/products', { params: { path: { id: shop.id } } }),
  ).data;
  const repriced = dataOf(
    await api.PATCH('/products/{id}', {
      params: { path: { id: sencha!.id } },
      body: { price: 4.75 },
    }),
  );
  const listed = dataOf(
    await api.GET('/products', { params: { query: { shop_id: shop.id, include: ['shop'] } } }),
  );

  const user = dataOf(
    await api.POST('/users', {
      body: {
        name: 'Tess',
        profile: { bio: 'Writes typed clients' },
        posts: [{ title: 'Typed', content: 'From the document', tags: [{ name: 'typed' }] }],
      },
    }),
  );
  const profile = dataOf(
    await api.GET('/profiles/{id}', { params: { path: { id: user.profile!.id } } }),
  );
  const post = dataOf(
    await api.GET('/posts/{id}', {
      params: { path: { id: user.posts![0]!.id }, query: { include: ['tags', 'user'] } },
    }),
  );
  const tags = dataOf(await api.GET('/tags', { params: { query: { name: 'typed' } } }));

  const author = dataOf(
    await api.POST('/authors', {
      body: { name: 'Ursula', books: [{ title: 'The Dispossessed' }] },
    }),
  );
  const bookAuthor = dataOf(
    await api.GET('/books/{id}/author', { params: { path: { id: author.books![0]!.id } } }),
  );
  const replaced = dataOf(
    await api.PUT('/authors/{id}', {
      params: { path: { id: author.id } },
      body: { name: 'Ursula K. Le Guin', books: [] },
    }),
  );
  const books = dataOf(await api.GET('/books', { params: { query: { author_id: author.id } } }));

  const customer = dataOf(await api.POST('/customers', { body: { name: 'Vera' } }));
  const order = dataOf(
    await api.POST('/orders', {
      body: {
        order_number: 'TYPED-1',
        customer_id: customer.id,
        products: [{ id: sencha!.id, quantity: 2, unit_price: 4.75 }],
      },
    }),
  );
  const ordered = dataOf(
    await api.GET('/orders/{id}/products', { params: { path: { id: order.id } } }),
  );
  const customerOrders = dataOf(
    await api.GET('/customers/{id}/orders', { params: { path: { id: customer.id } } }),
  );

  const deletes = [
    deleted(await api.DELETE('/orders/{id}', { params: { path: { id: order.id } } })),
    deleted(await api.DELETE('/shops/{id}', { params: { path: { id: shop.id } } })),
    deleted(await api.DELETE('/users/{id}', { params: { path: { id: user.id } } })),
  ];

  return {
    price: repriced.price,
    productShops: listed.data.map((product) => product.shop?.name),
    bio: profile.bio,
    postTags: post.tags?.map((tag) => tag.name),
    postUser: post.user?.name,
    tagCount: tags.total,
    bookAuthor: bookAuthor.name,
    authorName: replaced.name,
    booksLeft: books.total,
    orderedProducts: ordered.data.map((product) => [product.name, product.quantity]),
    customerOrders: customerOrders.data.map((row) => row.order_number),
    deletes,
  };
}
