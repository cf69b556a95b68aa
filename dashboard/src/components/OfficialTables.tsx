/**
 * Sections 二, 三 and 四 in the layout of the national templates, from the GraphQL tree of a report
 * or a region's sums. Cells can carry a note (unreadable, failing a rule, printed blank): they are
 * highlighted and the note shows on hover and focus.
 */
import { APPLICANT_COLUMNS, APPLICATION_ROWS, PROACTIVE_ROWS, RESULT_COLUMNS, REVIEW_ROWS, fmtNum } from "../labels";

export interface CellNote {
  kind: "null" | "fail" | "blank";
  reason: string;
}

export function getPath(tree: unknown, path: string): unknown {
  let cur: any = tree;
  for (const k of path.split(".")) {
    if (cur === null || cur === undefined) return undefined;
    cur = cur[k];
  }
  return cur;
}

function Cell({ path, value, notes }: { path: string; value: unknown; notes?: Map<string, CellNote> }) {
  const note = notes?.get(path);
  const text = value === null || value === undefined ? (note?.kind === "null" ? "无法识读" : "—") : typeof value === "number" ? fmtNum(value) : String(value);
  if (!note) return <td class="num" data-path={path}>{text}</td>;
  return (
    <td class={`num cell-${note.kind}`} data-path={path} title={note.reason} tabIndex={0} aria-label={`${text}：${note.reason}`}>
      {text}
    </td>
  );
}

interface TableProps {
  /** Root holding `applications`, `reviewLitigation`, `proactive`. */
  data: any;
  /** "2019", "2021" or null (region sums: both templates' rows). */
  template: "2019" | "2021" | null;
  notes?: Map<string, CellNote>;
  caption?: string;
}

/** Heading rows the template prints above a group of rows (they hold no figures). */
const GROUP_HEADINGS: Record<string, string> = {
  "outcomes.granted": "三、本年度办理结果",
  "outcomes.denied.stateSecret": "（三）不予公开",
  "outcomes.unableToProvide.notHeld": "（四）无法提供",
  "outcomes.notProcessed.complaintPetition": "（五）不予处理",
  "outcomes.other.overdueCorrection": "（六）其他处理（2021 模板）",
};

export function ApplicationsTable({ data, template, notes, caption }: TableProps) {
  const rows = APPLICATION_ROWS.filter((r) => !template || r.scope === "both" || r.scope === template);
  return (
    <div class="table-wrap">
      <table class="official apps">
        <caption>{caption ?? "三、收到和处理政府信息公开申请情况"}</caption>
        <thead>
          <tr>
            <th scope="col">项目</th>
            {APPLICANT_COLUMNS.map((c) => <th scope="col" key={c.key}>{c.zh}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => [
            GROUP_HEADINGS[r.path] ? (
              <tr key={r.path + ":h"} class="group-head"><th scope="rowgroup" colSpan={APPLICANT_COLUMNS.length + 1}>{template === "2021" ? GROUP_HEADINGS[r.path].replace("（2021 模板）", "") : GROUP_HEADINGS[r.path]}</th></tr>
            ) : null,
            <tr key={r.path} class={r.group ? "sub" : ""}>
              <th scope="row">{r.zh}{!template && r.scope !== "both" ? <span class="muted">（{r.scope} 模板）</span> : null}</th>
              {APPLICANT_COLUMNS.map((c) => {
                const path = `applications.${r.path}.${c.key}`;
                return <Cell key={c.key} path={path} value={getPath(data, path)} notes={notes} />;
              })}
            </tr>,
          ])}
        </tbody>
      </table>
    </div>
  );
}

export function ReviewTable({ data, notes }: TableProps) {
  return (
    <div class="table-wrap">
      <table class="official">
        <caption>四、政府信息公开行政复议、行政诉讼情况</caption>
        <thead>
          <tr>
            <th scope="col">项目</th>
            {RESULT_COLUMNS.map((c) => <th scope="col" key={c.key}>{c.zh}</th>)}
          </tr>
        </thead>
        <tbody>
          {REVIEW_ROWS.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.zh}</th>
              {RESULT_COLUMNS.map((c) => {
                const path = `reviewLitigation.${r.key}.${c.key}`;
                return <Cell key={c.key} path={path} value={getPath(data, path)} notes={notes} />;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Section 二 of one template; `proactive` is that template's tree. */
export function ProactiveTable({ proactive, template, notes, caption }: { proactive: any; template: "2019" | "2021"; notes?: Map<string, CellNote>; caption?: string }) {
  const rows = PROACTIVE_ROWS.filter((r) => r.template === template);
  return (
    <div class="table-wrap">
      <table class="official">
        <caption>{caption ?? `二、主动公开政府信息情况（${template} 模板）`}</caption>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.zh}</th>
              {r.columns.map((c) => {
                const path = `proactive.${r.key}.${c.key}`;
                return [
                  <th scope="col" class="inline-head" key={c.key + "h"}>{c.zh}</th>,
                  <Cell key={c.key} path={path} value={getPath({ proactive }, path)} notes={notes} />,
                ];
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Links to the service's exports (/export/…); `links` are [format, url]. */
export function DownloadLinks({ links, label = "下载表格" }: { links: Array<[string, string]>; label?: string }) {
  return (
    <p class="downloads no-print">
      <span>{label}：</span>
      {links.map(([f, url]) => (
        <a key={f} href={url} download>{f}</a>
      ))}
    </p>
  );
}
