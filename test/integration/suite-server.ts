// A server started once for a test file, reset before each test and closed after the last one.
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** Registers the hooks; the returned function gives the running server inside a test. */
export function useSuiteServer<T extends { close(): Promise<void> }>(start: () => Promise<T>, reset: (server: T) => void): () => T {
  let running: T | undefined;
  const current = (): T => {
    if (running === undefined) throw new Error('the test server is not running');
    return running;
  };
  beforeAll(async () => {
    running = await start();
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(() => {
    reset(current());
  });
  return current;
}
