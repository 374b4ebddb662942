/** What the proof expected and what it saw: the one kind of failure it reports. */
export class ProofFailure extends Error {
  override name = "ProofFailure";
  constructor(
    readonly what: string,
    readonly expected: string,
    readonly seen: string,
  ) {
    super(`${what}: expected ${expected}, saw ${seen}`);
  }
}

/** Every expectation that held, in order, for the report's last section. */
export const checked: string[] = [];

export function expectEqual<T>(what: string, expected: T, seen: T) {
  if (JSON.stringify(expected) !== JSON.stringify(seen)) throw new ProofFailure(what, JSON.stringify(expected), JSON.stringify(seen));
  checked.push(`${what}: ${typeof expected === "string" ? expected : JSON.stringify(expected)}`);
}

export function expectTrue(what: string, condition: boolean, seen: string) {
  if (!condition) throw new ProofFailure(what, "true", seen);
  checked.push(what);
}

/** Polls `read` until it returns `expected` (pages settle after a navigation); fails with the last value seen. */
export async function eventually<T>(what: string, expected: T, read: () => Promise<T>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let seen: T | undefined;
  for (;;) {
    try {
      seen = await read();
    } catch {
      seen = undefined;
    }
    if (JSON.stringify(seen) === JSON.stringify(expected)) {
      checked.push(`${what}: ${typeof expected === "string" ? expected : JSON.stringify(expected)}`);
      return;
    }
    if (Date.now() > deadline) throw new ProofFailure(what, JSON.stringify(expected), seen === undefined ? "nothing (element missing)" : JSON.stringify(seen));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
