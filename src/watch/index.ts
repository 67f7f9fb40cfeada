export {
  watchProject,
  watchedFolders,
  type ProjectWatcher,
  type WatchOptions,
} from "./watch-project.ts";
export type { FailedNode, WatchEvent, WatchEventSink } from "./watch-events.ts";
export { changedNodes, fingerprintNodes } from "./changed-nodes.ts";
