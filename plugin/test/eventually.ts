/**
 * Polls `read` until `accept` holds or `timeoutMs` has passed, and answers the last value read: for
 * effects that land after the call returns (a write reaching the org, a file closed on the thread pool).
 */
export async function eventually<T>(
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    // eslint-disable-next-line no-await-in-loop
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    // eslint-disable-next-line no-await-in-loop
    value = await read();
  }
  return value;
}
