import type { Command } from "commander";
import {
  checkCompileStamp,
  compileOptions,
  dropCompileStamp,
  saveCompileStamp,
  unchangedLine,
} from "../compile-stamp.ts";
import { savePatchState } from "../../run/patch-compile.ts";
import type { Io } from "../output.ts";
import {
  optionsOf,
  runPipelineCommand,
  type ExitSetter,
} from "../project-command.ts";

/** `strata compile`: renders every model and writes target/compiled/. */
export function compileCommand(io: Io, setExit: ExitSetter): Command {
  const command = compileOptions();
  return command.action(async () => {
    const options = optionsOf(command);
    const { summary: unchanged, pending } = checkCompileStamp(options);
    if (unchanged !== undefined) {
      io.err(unchangedLine(unchanged));
      setExit(0);
      return;
    }
    if (pending) dropCompileStamp(pending);
    let events = 0;
    const counting: Io = {
      ...io,
      err: (text) => {
        events++;
        io.err(text);
      },
      out: (text) => {
        events++;
        io.out(text);
      },
    };
    const { outcome } = await runPipelineCommand("compile", options, counting);
    const count = outcome.plans.reduce(
      (sum, plan) =>
        sum +
        [...plan.selected].filter(
          (id) => plan.graph.nodes.get(id)!.kind === "model",
        ).length,
      0,
    );
    const summary = `compiled ${count} models for ${outcome.plans.map((p) => p.compiled.country ?? "no country").join(", ")}`;
    io.err(summary);
    if (pending && events === 0) {
      saveCompileStamp(
        pending,
        outcome.written ?? [],
        outcome.envNames ?? new Set(),
        summary,
        // A model that reads the clock renders anew on every compile, so
        // a compile that renders only the changed models would miss it.
        outcome.readClock
          ? undefined
          : savePatchState({
              project: outcome.project,
              plans: outcome.plans,
              vars: options.vars ?? {},
              target: outcome.targetContext ?? {},
              inputsBefore: outcome.inputsBefore,
            }),
      );
    }
    setExit(0);
  });
}
