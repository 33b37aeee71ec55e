// The few assertions the Deno tests use (no JSR here: Deno's std library is not on npm).
export class AssertionError extends Error {}

export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function assertEquals(actual: unknown, expected: unknown, message?: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(message ?? `expected ${e}, got ${a}`);
}
