export { buildManifest, type Manifest, type ManifestNode } from "./manifest.ts";
export {
  readRunResults,
  recordedArgs,
  type RunResults,
} from "./run-results.ts";
export {
  appendRunHistory,
  readRunHistory,
  runResultsHistoryPath,
  type RunHistoryLine,
} from "./run-history.ts";
