export {
  ancestors,
  buildGraph,
  descendants,
  layersOf,
  type Graph,
} from "./graph.ts";
export { layerOf, namesByLayer } from "./layer.ts";
export { selectNodes, type SelectionContext } from "./selection.ts";
export type {
  MethodDefinition,
  NamedSelector,
  SelectorDefinition,
} from "./selector-definition.ts";
export {
  matchesState,
  stableJson,
  type SelectionState,
  type StateNode,
} from "./state.ts";
