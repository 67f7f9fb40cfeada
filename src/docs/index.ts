export {
  docsDir,
  generateDocs,
  type GenerateDocsOptions,
} from "./generate-docs.ts";
export { serveDocs } from "./serve-docs.ts";
export { layoutLineage, type LineageLayout } from "./lineage-layout.ts";
export { readResaleResults, type ResaleResults } from "./resale-results.ts";
export { collectSiteData, type SiteData } from "./site-data.ts";
