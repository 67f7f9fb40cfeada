import type { z } from "zod";
import { partnerSectionSchema } from "../exchange/sftp-schema.ts";
import { calendarSchema } from "../schedule/calendar-schema.ts";

/**
 * Schemas for the countries.yml sections owned by modules above the
 * project loader (calendars, partner exchange), checked when a project loads.
 */
export const countrySections: Readonly<Record<string, z.ZodType>> = {
  calendar: calendarSchema,
  partner: partnerSectionSchema,
};
