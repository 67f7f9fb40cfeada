export {
  ancestors,
  buildGraph,
  descendants,
  layersOf,
  type Graph,
} from "./graph.ts";
export { selectNodes } from "./selection.ts";
