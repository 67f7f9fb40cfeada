import type { z } from "zod";
import { partnerSectionSchema } from "../exchange/index.ts";
import { calendarSchema } from "../schedule/index.ts";

/**
 * Schemas for the countries.yml sections owned by modules above the
 * project loader (calendars, partner exchange), checked when a project loads.
 */
export const countrySections: Readonly<Record<string, z.ZodType>> = {
  calendar: calendarSchema,
  partner: partnerSectionSchema,
};
