/**
 * The shape of a generated benchmark project, independent of the tool that
 * will read it: source tables, models in layers, which upstream models each
 * one reads and which template features it uses. Every layout (strata, dbt,
 * Dataform) is written from the same shape, so the tools compile the same
 * graph.
 */

/** Template features a model uses besides plain `ref` and `source` calls. */
export type ModelStyle =
  | "staging" // source(), config(), var(): static templating only
  | "join" // two refs joined: static templating only
  | "macro" // calls project macros
  | "loop" // a for loop and an if block
  | "mart" // config(materialized='table') and an aggregate
  | "mart-macro"; // a mart that calls a macro

export interface ModelShape {
  readonly name: string;
  /** Folder under models/: staging, intermediate or marts. */
  readonly folder: string;
  readonly layer: number;
  readonly style: ModelStyle;
  /** Upstream models, nearest layer first. */
  readonly refs: readonly string[];
  /** Source table read by a staging model. */
  readonly source?: string;
}

export interface ProjectShape {
  readonly sources: readonly string[];
  readonly models: readonly ModelShape[];
}

export const statuses = ["open", "paid", "returned", "cancelled"];

const sourceCount = 8;
/** Share of models per layer: staging, four intermediate layers, marts. */
const layerShares = [0.2, 0.15, 0.15, 0.15, 0.15, 0.2];

/**
 * Builds the shape of a project of `modelCount` models in six layers. The
 * choice of refs and styles comes from a fixed-seed generator, so the same
 * count always gives the same project.
 */
export function projectShape(modelCount: number): ProjectShape {
  const random = seededRandom(modelCount);
  const sources = Array.from({ length: sourceCount }, (_, i) => `orders_${i}`);
  const layers = layerSizes(modelCount);
  const byLayer: string[][] = [];
  const models: ModelShape[] = [];
  let counter = 0;

  for (const [layer, size] of layers.entries()) {
    const names: string[] = [];
    for (let i = 0; i < size; i++) {
      counter += 1;
      const model = shapeOf(layer, counter, byLayer, sources, random);
      names.push(model.name);
      models.push(model);
    }
    byLayer.push(names);
  }
  return { sources, models };
}

function layerSizes(total: number): number[] {
  const sizes = layerShares.map((share) =>
    Math.max(1, Math.floor(total * share)),
  );
  const assigned = sizes.reduce((sum, size) => sum + size, 0);
  sizes[1]! += total - assigned;
  return sizes;
}

function shapeOf(
  layer: number,
  counter: number,
  byLayer: readonly string[][],
  sources: readonly string[],
  random: () => number,
): ModelShape {
  const id = String(counter).padStart(5, "0");
  const pick = (names: readonly string[]): string =>
    names[Math.floor(random() * names.length)]!;
  if (layer === 0) {
    return {
      name: `stg_${id}`,
      folder: "staging",
      layer,
      style: "staging",
      refs: [],
      source: pick(sources),
    };
  }

  const previous = byLayer[layer - 1]!;
  const isMart = layer === layerShares.length - 1;
  const roll = random();
  const style: ModelStyle = isMart
    ? roll < 0.8
      ? "mart"
      : "mart-macro"
    : roll < 0.6
      ? "join"
      : roll < 0.8
        ? "macro"
        : "loop";
  const first = pick(previous);
  const refs =
    style === "join"
      ? [first, pick(layer >= 2 ? byLayer[layer - 2]! : previous)]
      : [first];
  return {
    name: `${isMart ? "fct" : "int"}_${id}`,
    folder: isMart ? "marts" : "intermediate",
    layer,
    style,
    refs,
  };
}

/** A small linear congruential generator: deterministic, not secure. */
function seededRandom(seed: number): () => number {
  let state = (seed * 2654435761) % 4294967296;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}
