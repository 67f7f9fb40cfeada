export {
  compileProject,
  schemaFor,
  type CompileOptions,
} from "./compile-project.ts";
export type * from "./types.ts";
