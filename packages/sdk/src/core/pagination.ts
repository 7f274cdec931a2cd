import { type APIPromise, tagRequestId, type WithResponse } from "./api-promise";
import { DriftstackError } from "./errors";

/** The envelope every list endpoint answers with. */
export interface PageBody<Item> {
  data: Item[];
  has_more: boolean;
  /** Pass as `cursor` for the next page; null on the last. */
  next_cursor: string | null;
}

/** The query every list endpoint takes, besides its filters. */
export interface PageQuery {
  limit?: number;
  cursor?: string;
}

export type FetchPage<Item, Query> = (query: Query) => APIPromise<PageBody<Item>>;

/** One page of a list, as the server sent it, plus a way to the next. */
export class Page<Item> implements PageBody<Item> {
  data: Item[];
  has_more: boolean;
  next_cursor: string | null;
  readonly #fetchPage: FetchPage<Item, PageQuery>;
  readonly #query: PageQuery;

  /** The id of the request that fetched this page (non-enumerable, like on every result). */
  declare readonly _requestId?: string;

  constructor(body: PageBody<Item>, query: PageQuery, fetchPage: FetchPage<Item, PageQuery>) {
    this.data = body.data;
    this.has_more = body.has_more;
    this.next_cursor = body.next_cursor;
    this.#query = query;
    this.#fetchPage = fetchPage;
    tagRequestId(this, (body as { _requestId?: string })._requestId);
  }

  hasNextPage(): boolean {
    return this.has_more && this.next_cursor !== null;
  }

  /** The page after this one, with the same `limit` and filters. */
  async getNextPage(): Promise<Page<Item>> {
    if (this.next_cursor === null || !this.has_more) {
      throw new DriftstackError("This is the last page: check hasNextPage() before getNextPage().");
    }
    const query = { ...this.#query, cursor: this.next_cursor };
    return new Page(await this.#fetchPage(query), query, this.#fetchPage);
  }
}

/**
 * What a list method returns. `await` it for the first page; `for await` it
 * for every item across pages (each page is fetched only when the previous
 * one is used up, so `break` costs no further request); `iterPages()` for the
 * pages; `toArray({ max })` to collect a bounded number of items.
 *
 * Nothing is sent until one of those is used, and the first page is fetched
 * once however many of them are.
 */
export class PagePromise<Item> implements PromiseLike<Page<Item>>, AsyncIterable<Item> {
  readonly #query: PageQuery;
  readonly #fetchPage: FetchPage<Item, PageQuery>;
  #first: Promise<WithResponse<Page<Item>>> | undefined;

  constructor(query: PageQuery, fetchPage: FetchPage<Item, PageQuery>) {
    this.#query = query;
    this.#fetchPage = fetchPage;
  }

  #firstPage(): Promise<Page<Item>> {
    return this.withResponse().then((first) => first.data);
  }

  /** The first page with its `Response` and request id. */
  withResponse(): Promise<WithResponse<Page<Item>>> {
    this.#first ??= this.#fetchPage(this.#query)
      .withResponse()
      .then((first) => ({ ...first, data: new Page(first.data, this.#query, this.#fetchPage) }));
    return this.#first;
  }

  /** The first page's successful `Response`, body unread (a request of its own). */
  asResponse(): Promise<Response> {
    return this.#fetchPage(this.#query).asResponse();
  }

  // biome-ignore lint/suspicious/noThenProperty: being awaitable is the point of a PagePromise.
  then<R1 = Page<Item>, R2 = never>(
    onFulfilled?: ((page: Page<Item>) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onFulfilled, onRejected);
  }

  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<Item> | R> {
    return this.#firstPage().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<Page<Item>> {
    return this.#firstPage().finally(onFinally);
  }

  async *iterPages(): AsyncGenerator<Page<Item>, void, undefined> {
    let page = await this.#firstPage();
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.iterPages()) yield* page.data;
  }

  /** Every item, up to `max`: a bound is required so that a large account cannot exhaust memory by surprise. */
  async toArray(options: { max: number }): Promise<Item[]> {
    const max = options?.max;
    if (typeof max !== "number" || !(max >= 0)) {
      throw new DriftstackError("toArray() needs a maximum: toArray({ max: 1000 }). Use `for await` to stream.");
    }
    const items: Item[] = [];
    if (max === 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= max) break;
    }
    return items;
  }

  get [Symbol.toStringTag](): string {
    return "PagePromise";
  }
}
