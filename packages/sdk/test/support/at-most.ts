// Shared with tests/contract: one helper for every test that walks a list.
/**
 * Iterates `items`, failing once more than `max` arrive: a list whose cursor
 * stops advancing fails the test instead of looping until memory runs out.
 */
export async function* atMost<T>(items: AsyncIterable<T>, max: number): AsyncGenerator<T> {
  let count = 0;
  for await (const item of items) {
    count += 1;
    if (count > max) throw new Error(`more than ${max} items: the list does not end`);
    yield item;
  }
}
