export {
  compileProject,
  schemaFor,
  type CompileOptions,
} from "./compile-project.ts";
export { RenderCacheStore } from "./render-cache.ts";
export type * from "./types.ts";
