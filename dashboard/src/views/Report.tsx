/**
 * 报告: one agency-year in the official layout — unreadable (null) cells and cells failing a rule
 * highlighted, with the reason on hover and focus — its findings, its revisions and its original
 * text beside it, its narrative with passages repeated from last year marked and search terms (?q=)
 * highlighted; editors correct null and failing cells from here. Requests: Report + ReportOriginal
 * (+ CorrectCells when an editor saves a correction).
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { request, useQuery } from "../gql";
import { href, intParam, setParams } from "../route";
import { Candidate, CorrectionForm, takeFlash } from "../components/Correction";
import { NarrativeSections, Similarity } from "../components/Narrative";
import { Status } from "../components/Parts";
import { ApplicationsTable, CellNote, DownloadLinks, ProactiveTable, ReviewTable } from "../components/OfficialTables";
import { METRICS, RULE_TITLES, SEVERITY_LABELS, findingMessage, fmtNum, fmtPct, metricField, pathLabel } from "../labels";

interface Finding { id: string; rule: string; severity: string; message: string; path: string | null; paths: string[]; printed: number | null; computed: number | null }
interface ReportData {
  id: string; year: number; format: string; revision: number; isCurrent: boolean; isAggregate: boolean; printedAgencyName: string; publishedAt: string | null;
  sourceUrl: string | null; importedAt: string; importedBy: string; parserVersion: string;
  agency: { id: string; name: string; region: { code: string; name: string } | null; reports: Array<{ id: string; year: number }> };
  applications: any; reviewLitigation: any; proactive: any; metrics: any;
  ambiguousCells: Array<{ path: string; reason: string }>; blankCells: string[]; findings: Finding[];
  revisions: Array<{ id: string; revision: number; isCurrent: boolean; importedAt: string; importedBy: string; parserVersion: string }>;
}
interface Original { id: string; sections: Array<{ heading: string; text: string }>; narrativeSimilarity: Similarity[]; rawText: string }

/** Original text as a person reads it: the stored text, or the narrative sections when the original was a binary file (base64). */
function originalText(r: Original): string {
  const looksBase64 = r.rawText.length > 200 && /^[A-Za-z0-9+/=\s]+$/.test(r.rawText.slice(0, 2000));
  if (!looksBase64) return r.rawText;
  return ["（原文为二进制文件，以下为识读出的正文）", ...r.sections.map((s) => `${s.heading}\n${s.text}`)].join("\n\n");
}

/** Without a report id: find an agency by current or former name and pick one of its years. */
function ReportFinder() {
  const [text, setText] = useState("");
  const [found, setFound] = useState<Array<{ id: string; name: string; region: { name: string } | null; reports: Array<{ id: string; year: number }> }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    try {
      setFound((await request<{ agencies: { nodes: any[] } }>("AgencySearch", { name: text.trim(), code: null })).agencies.nodes);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div class="content solo">
      <h2>报告</h2>
      <p>请查找机关并选择年度，或从<a href={href("findings")}>核查发现</a>、<a href={href("ranking")}>排名</a>中打开一份报告。</p>
      <form class="search" onSubmit={search} role="search">
        <label class="field">
          <span>机关名称（现用名或曾用名）</span>
          <input type="search" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">查找</button>
      </form>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {found ? (
        <ul class="plain" aria-live="polite">
          {found.length ? found.map((a) => (
            <li key={a.id}>
              {a.name} <span class="muted">{a.region?.name ?? ""}</span>{" "}
              {[...a.reports].sort((x, y) => x.year - y.year).map((r) => <a key={r.id} class="year-link" href={href("report", { id: r.id })}>{r.year}</a>)}
            </li>
          )) : <li class="muted">没有找到</li>}
        </ul>
      ) : null}
    </div>
  );
}

export function ReportView({ params }: { params: URLSearchParams }) {
  const id = params.get("id") ?? "";
  const q = useQuery<{ report: ReportData | null }>("Report", { id }, !/^\d+$/.test(id));
  const r = q.data?.report;
  const o = useQuery<{ report: Original | null }>("ReportOriginal", { id }, !/^\d+$/.test(id), true);
  const notes = useMemo(() => {
    const m = new Map<string, CellNote>();
    if (!r) return m;
    for (const b of r.blankCells) m.set(b, { kind: "blank", reason: "原表此格空白，按 0 计" });
    for (const f of r.findings) {
      for (const p of f.paths.length ? f.paths : f.path ? [f.path] : []) {
        const prev = m.get(p);
        const reason = `${f.rule}：${findingMessage(f)}`;
        m.set(p, { kind: "fail", reason: prev?.kind === "fail" ? `${prev.reason}；${reason}` : reason });
      }
    }
    for (const a of r.ambiguousCells) m.set(a.path, { kind: "null", reason: `无法识读：${a.reason}` });
    return m;
  }, [r]);
  const candidates = useMemo(() => {
    const out: Candidate[] = [];
    for (const [path, note] of notes) if (note.kind !== "blank") out.push({ path, kind: note.kind, reason: note.reason });
    return out.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "null" ? -1 : 1));
  }, [notes]);
  const copiedHeadings = useMemo(() => new Set((r?.findings ?? []).filter((f) => f.rule === "N1").map((f) => /^N1: (.*?) is [\d.]+% the same/s.exec(f.message)?.[1] ?? "")), [r]);
  const [editing, setEditing] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const [rawOpen, setRawOpen] = useState(false);
  useEffect(() => {
    setOpen(false);
    setEditing(null);
    setFlash(takeFlash(id));
  }, [id]);
  const searched = params.get("q") ?? "";
  const focus = intParam(params, "section");
  const [qText, setQText] = useState(searched);
  useEffect(() => setQText(searched), [searched]);
  if (!/^\d+$/.test(id)) return <ReportFinder />;
  const template = r?.format === "T2019" ? "2019" : r?.format === "T2021" ? "2021" : null;
  const years = r ? [...r.agency.reports].sort((a, b) => a.year - b.year) : [];
  return (
    <div class="content solo">
      <Status loading={q.loading} error={q.error} />
      {q.data && !r ? <p class="error" role="alert">没有编号为 {id} 的报告。</p> : null}
      {r ? (
        <>
          <div class="view-head">
            <h2>{r.printedAgencyName} · {r.year} 年度报告</h2>
            <nav class="controls no-print" aria-label="该机关的其他年度">
              {years.map((y) => (
                <a key={y.id} href={href("report", { id: y.id })} aria-current={y.id === r.id ? "page" : undefined} class="year-link">{y.year}</a>
              ))}
            </nav>
          </div>
          <p class="meta">
            机关：{r.agency.name}{r.agency.region ? `（${r.agency.region.name}）` : ""} · {template ? `${template} 模板` : "旧式报告"} · 第 {r.revision} 版{r.isCurrent ? "（现行）" : "（已被修订）"}
            {r.isAggregate ? " · 汇总报告" : ""}{r.publishedAt ? ` · 发布于 ${r.publishedAt}` : ""} · 解析器 {r.parserVersion}
            {r.sourceUrl ? <> · <a href={r.sourceUrl} rel="noreferrer">来源</a></> : null}
          </p>
          <p class="legend">
            <span class="cell-null swatch">无法识读</span> 单元格为空值（null），悬停可见原因；
            <span class="cell-fail swatch">未通过核查</span> 与规则不符；
            <span class="cell-blank swatch">空白</span> 原表空白。
            共 {r.ambiguousCells.length} 个无法识读的单元格，{r.findings.length} 条核查发现。
          </p>
          {flash ? <p class="ok-note" role="status" data-flash>{flash}</p> : null}
          <DownloadLinks links={["html", "xlsx", "csv"].map((f) => [f.toUpperCase(), `/export/report/${r.id}.${f}`])} />
          <details class="no-print corrections" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
            <summary>更正单元格（编辑）· {candidates.length} 个无法识读或未通过核查的单元格</summary>
            {!open ? null : candidates.length ? (
              <ul class="plain cells-to-fix" data-list="to-correct">
                {candidates.map((c) => (
                  <li key={c.path}>
                    <button type="button" class="link-button" data-correct={c.path} onClick={() => { setEditing(c.path); setOpen(true); }}>更正</button>{" "}
                    <span class={`swatch cell-${c.kind}`}>{c.kind === "null" ? "无法识读" : "未通过核查"}</span> {pathLabel(c.path)} <span class="muted small">{c.reason}</span>
                  </li>
                ))}
              </ul>
            ) : <p class="muted">没有无法识读或未通过核查的单元格；其他单元格可在下面填写路径更正。</p>}
            {open ? <CorrectionForm key={editing ?? ""} reportId={r.id} isCurrent={r.isCurrent} candidates={candidates} selected={editing} onClose={() => setOpen(false)} /> : null}
          </details>
          <div class="report-layout">
            <div class="report-tables">
              {r.proactive && template ? <ProactiveTable proactive={r.proactive} template={template} notes={notes} /> : null}
              {r.applications ? <ApplicationsTable data={r} template={template} notes={notes} /> : <p class="muted">旧式报告，没有第三部分表格。</p>}
              {r.reviewLitigation ? <ReviewTable data={r} template={template} notes={notes} /> : null}
              <section aria-labelledby="f-h">
                <h3 id="f-h">核查发现（{r.findings.length}）</h3>
                {r.findings.length ? (
                  <ul class="plain findings" data-list="findings">
                    {r.findings.map((f) => (
                      <li key={f.id}>
                        <span class={`sev sev-${f.severity}`}>{SEVERITY_LABELS[f.severity] ?? f.severity}</span> <strong><abbr title={RULE_TITLES[f.rule] ?? f.rule}>{f.rule}</abbr></strong> {RULE_TITLES[f.rule] ?? ""}。{findingMessage(f)}
                        {f.printed !== null || f.computed !== null ? <span class="muted">（印制 {fmtNum(f.printed)}，计算 {fmtNum(f.computed)}）</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : <p class="muted">全部规则通过。</p>}
              </section>
              {r.metrics ? (
                <section aria-labelledby="m-h">
                  <h3 id="m-h">指标</h3>
                  <table class="data">
                    <thead><tr><th scope="col">指标</th><th scope="col">分子</th><th scope="col">分母</th><th scope="col">值</th></tr></thead>
                    <tbody>
                      {METRICS.map((m) => {
                        const v = r.metrics[metricField(m.id)];
                        return <tr key={m.id}><th scope="row">{m.zh}</th><td class="num">{fmtNum(v.numerator)}</td><td class="num">{fmtNum(v.denominator)}</td><td class="num">{fmtPct(v.value)}</td></tr>;
                      })}
                    </tbody>
                  </table>
                </section>
              ) : null}
              <section aria-labelledby="rev-h">
                <h3 id="rev-h">修订历史</h3>
                <ol class="plain">
                  {r.revisions.map((v) => (
                    <li key={v.id}>
                      {v.id === r.id ? <strong>第 {v.revision} 版</strong> : <a href={href("report", { id: v.id })}>第 {v.revision} 版</a>}
                      {" "}<span class="muted">{v.importedAt.slice(0, 19).replace("T", " ")} · {v.importedBy} · 解析器 {v.parserVersion}{v.isCurrent ? " · 现行" : ""}</span>
                    </li>
                  ))}
                </ol>
              </section>
            </div>
            <section class="report-original" aria-labelledby="o-h">
              <h3 id="o-h">正文与原文</h3>
              <form class="search no-print" role="search" onSubmit={(e) => { e.preventDefault(); setParams({ q: qText.trim() || null, section: null }); }}>
                <label class="field">
                  <span>在正文中查找</span>
                  <input type="search" name="q" value={qText} onInput={(e) => setQText((e.target as HTMLInputElement).value)} />
                </label>
                <button type="submit">查找</button>
                {searched ? <a href={href("search", { q: searched })}>在全部报告中检索</a> : null}
              </form>
              {o.error ? <p class="muted">原文不可用：{o.error}</p> : o.loading ? <p class="loading">正在加载原文…</p> : o.data?.report ? (
                <>
                  {o.data.report.sections.length ? (
                    <NarrativeSections reportId={r.id} sections={o.data.report.sections} similarity={o.data.report.narrativeSimilarity} copiedHeadings={copiedHeadings} q={searched} focus={focus} />
                  ) : null}
                  {!o.data.report.rawText ? null : o.data.report.sections.length ? (
                    <details class="raw" onToggle={(e) => setRawOpen((e.target as HTMLDetailsElement).open)}>
                      <summary>原文全文</summary>
                      {rawOpen ? <pre tabIndex={0} aria-label="报告原文">{originalText(o.data.report)}</pre> : null}
                    </details>
                  ) : <pre tabIndex={0} aria-label="报告原文">{originalText(o.data.report)}</pre>}
                </>
              ) : null}
            </section>
          </div>
        </>
      ) : null}
    </div>
  );
}
