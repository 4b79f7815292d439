/**
 * The duration table of the time estimate: typical seconds to create and delete one resource of
 * each type (durations.json), each entry dated and sourced like the price table; an entry without a
 * public figure says so. Components and providers take no time of their own.
 */
import { z } from "zod";
import builtIn from "./durations.json";

const durationEntrySchema = z.strictObject({
    type: z.string().min(1, "must not be empty"),
    createSeconds: z.number().nonnegative("must not be negative"),
    deleteSeconds: z.number().nonnegative("must not be negative"),
    asOf: z.string().regex(/^\d{4}-\d{2}(?:-\d{2})?$/, "must be a date YYYY-MM or YYYY-MM-DD"),
    /** A URL where the figure was read, or "none" when no public figure was found. */
    source: z.union([z.literal("none"), z.string().url("must be a URL or none")]),
    note: z.string().min(1).optional(),
});

const durationTableSchema = z.strictObject({
    $comment: z.string().optional(),
    durations: z.array(durationEntrySchema),
});

export type DurationEntry = z.output<typeof durationEntrySchema>;

export const DURATIONS: ReadonlyMap<string, DurationEntry> = new Map(
    durationTableSchema.parse(builtIn).durations.map((e) => [e.type, e]),
);

/** Custom resources whose time is nothing: providers (configuration only). */
export const takesNoTime = (type: string): boolean => type.startsWith("pulumi:providers:");
