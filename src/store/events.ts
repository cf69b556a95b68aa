/** The audit trail (report_event): every import, revision, hold and correction, with who, when and why. */
import type { ReportEventRow } from "../modules/report/report-event.entity";
import { insertRows } from "./sql";

type Queryable = Parameters<typeof insertRows>[0];

export type NewEvent = Omit<ReportEventRow, "id" | "at" | "reason" | "detail"> & Partial<Pick<ReportEventRow, "reason" | "detail">>;

/** The event row as written (the database sets `at`); reasons are cut to the column's 1000 characters. */
export function eventRow(e: NewEvent): Omit<ReportEventRow, "id" | "at"> {
  return { ...e, actor: e.actor.slice(0, 100), reason: e.reason == null ? null : e.reason.slice(0, 1000), detail: e.detail ?? null };
}

export async function recordEvents(em: Queryable, events: NewEvent[]): Promise<void> {
  await insertRows(em, "report_event", events.map(eventRow));
}
