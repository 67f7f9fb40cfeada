import type nunjucks from "nunjucks";
import {
  mapFilter,
  rejectattrFilter,
  selectattrFilter,
  selectFilter,
} from "./attribute.ts";
import {
  attrFilter,
  formatFilter,
  itemsFilter,
  joinFilter,
  listFilter,
  maxFilter,
  minFilter,
  stringFilter,
  uniqueFilter,
} from "./collections.ts";
import { tojsonFilter } from "./json.ts";

/** Adds the Jinja filters Nunjucks lacks and replaces those that differ. */
export function addJinjaFilters(env: nunjucks.Environment): void {
  const filters = {
    tojson: tojsonFilter,
    map: mapFilter,
    select: selectFilter(true),
    reject: selectFilter(false),
    selectattr: selectattrFilter,
    rejectattr: rejectattrFilter,
    items: itemsFilter,
    unique: uniqueFilter,
    min: minFilter,
    max: maxFilter,
    list: listFilter,
    join: joinFilter,
    format: formatFilter,
    attr: attrFilter,
    string: stringFilter,
    count: env.getFilter("length"),
  };
  for (const [name, filter] of Object.entries(filters)) {
    env.addFilter(name, filter);
  }
}
