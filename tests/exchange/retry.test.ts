import { describe, expect, it } from "vitest";
import { ExchangeError } from "../../src/exchange/index.ts";
import { withRetries, withTimeout } from "../../src/exchange/retry.ts";

function failure(transient: boolean): ExchangeError {
  return new ExchangeError({
    code: transient ? "exchange-connect-failed" : "exchange-auth-failed",
    subject: "sftp://test",
    message: "failed",
    hint: "none",
    transient,
  });
}

describe("withRetries", () => {
  it("retries transient errors with doubling waits", async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw failure(true);
        return "done";
      },
      { retries: 3, backoffMs: 10 },
      (_error, _next, waitMs) => waits.push(waitMs),
    );
    expect(result).toBe("done");
    expect(calls).toBe(3);
    expect(waits).toEqual([10, 20]);
  });

  it("does not retry other errors", async () => {
    let calls = 0;
    const run = withRetries(
      async () => {
        calls++;
        throw failure(false);
      },
      { retries: 3, backoffMs: 1 },
      () => {},
    );
    await expect(run).rejects.toThrow("sftp://test: failed");
    expect(calls).toBe(1);
  });

  it("gives up after the last retry", async () => {
    let calls = 0;
    const run = withRetries(
      async () => {
        calls++;
        throw failure(true);
      },
      { retries: 2, backoffMs: 1 },
      () => {},
    );
    await expect(run).rejects.toBeInstanceOf(ExchangeError);
    expect(calls).toBe(3);
  });
});

describe("withTimeout", () => {
  it("raises a transient timeout and calls the cleanup", async () => {
    let cleaned = false;
    const never = new Promise<never>(() => {});
    const error = (await withTimeout(
      never,
      50,
      "sftp://test/outbox (download)",
      () => {
        cleaned = true;
      },
    ).catch((e: unknown) => e)) as ExchangeError;
    expect(error.code).toBe("exchange-timeout");
    expect(error.message).toBe(
      "sftp://test/outbox (download): timed out after 0.05 s",
    );
    expect(error.transient).toBe(true);
    expect(cleaned).toBe(true);
  });

  it("returns the value in time", async () => {
    await expect(
      withTimeout(Promise.resolve(7), 1000, "x", () => {}),
    ).resolves.toBe(7);
  });
});
