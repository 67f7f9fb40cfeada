import { main } from "../../src/cli/main.ts";

/** Runs the CLI in-process and returns its exit code and output. */
export async function runCli(
  argv: readonly string[],
): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  return { code, out, err };
}
