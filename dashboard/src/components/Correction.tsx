/**
 * 更正单元格 — the editors' side of the correction loop: a small form (cell, value, reason) that sends
 * the CorrectCells mutation with the editor's API token (entered here, kept in sessionStorage for
 * the tab's life, sent as `Authorization: Bearer …`), then opens the new revision.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../gql";
import { href, navigate } from "../route";
import { pathLabel } from "../labels";

const TOKEN_KEY = "gongkai.editorToken";

export function storedToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? "";
  } catch {
    return "";
  }
}

function storeToken(token: string): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage unavailable: the token lives for this form only */
  }
}

/** The message shown on the new revision after a correction (a client-side navigation away). */
let flash: { reportId: string; text: string } | null = null;
export function takeFlash(reportId: string): string | null {
  if (!flash || flash.reportId !== reportId) return null;
  const text = flash.text;
  flash = null;
  return text;
}

interface Answer {
  correctCells: { changes: Array<{ path: string; from: string | null; to: string | null }>; previous: { id: string; revision: number }; report: { id: string; revision: number; isCurrent: boolean } };
}

export interface Candidate {
  path: string;
  kind: "null" | "fail" | "blank";
  reason: string;
}

function explain(message: string): string {
  if (/token is not valid/i.test(message)) return `令牌无效（服务器没有配置这个令牌）：${message}`;
  if (/needs a token of role|needs role|token is required/i.test(message)) {
    return `需要编辑（editor）或管理员角色的令牌：${message}`;
  }
  return message;
}

/**
 * `candidates`: the report's null and failing cells; `selected`: the cell whose 更正 button was
 * pressed (the form opens on it).
 */
export function CorrectionForm({ reportId, isCurrent, candidates, selected, onClose }: {
  reportId: string;
  isCurrent: boolean;
  candidates: Candidate[];
  selected: string | null;
  onClose: () => void;
}) {
  const [token, setToken] = useState(storedToken);
  const [path, setPath] = useState(selected ?? candidates[0]?.path ?? "");
  const [value, setValue] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement | HTMLSelectElement>(null);
  useEffect(() => {
    if (selected) setPath(selected);
  }, [selected]);
  useEffect(() => {
    first.current?.focus();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!token.trim()) {
      setError("更正需要编辑（editor）角色的令牌：请先填写令牌。");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const a = await request<Answer>("CorrectCells", { reportId, reason: reason.trim(), cells: [{ path: path.trim(), value: value.trim() === "" ? null : value.trim() }] }, token.trim());
      storeToken(token.trim());
      const c = a.correctCells;
      flash = {
        reportId: c.report.id,
        text: `已更正为第 ${c.report.revision} 版（原第 ${c.previous.revision} 版）：${c.changes.map((x) => `${pathLabel(x.path)} ${x.from ?? "空值"} → ${x.to ?? "空值"}`).join("；")}`,
      };
      navigate(href("report", { id: c.report.id }));
    } catch (err) {
      setError(explain((err as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const known = candidates.some((c) => c.path === path);
  return (
    <section class="correction no-print" aria-labelledby="corr-h" data-form="correction">
      <h3 id="corr-h">更正单元格</h3>
      {!isCurrent ? (
        <p class="muted">只能更正现行版本；请打开该机关该年度的现行版本。</p>
      ) : (
        <form onSubmit={submit}>
          <p class="small" data-role-note>
            更正需要<strong>编辑（editor）</strong>角色的 API 令牌。令牌只保存在本浏览器标签页（sessionStorage），随请求以 Authorization 头发送。
            {token ? null : <strong class="bad"> 尚未填写令牌。</strong>}
          </p>
          <label class="field">
            <span>编辑令牌</span>
            <input ref={first as any} type="password" name="token" autoComplete="off" value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
          </label>
          {token ? <button type="button" class="link-button" onClick={() => { setToken(""); storeToken(""); }}>清除令牌</button> : null}
          <label class="field">
            <span>单元格</span>
            <select name="path" value={known ? path : ""} onChange={(e) => setPath((e.target as HTMLSelectElement).value)}>
              {candidates.map((c) => (
                <option key={c.path} value={c.path}>{pathLabel(c.path)}（{c.kind === "null" ? "无法识读" : c.kind === "fail" ? "未通过核查" : "空白"}）</option>
              ))}
              {!known ? <option value="">{pathLabel(path) || "其他单元格"}</option> : null}
            </select>
          </label>
          <label class="field">
            <span>单元格路径</span>
            <input type="text" name="cellPath" value={path} onInput={(e) => setPath((e.target as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span>新值（留空则设为无法识读）</span>
            <input type="text" name="value" inputMode="decimal" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
          </label>
          <label class="field wide">
            <span>更正理由（必填）</span>
            <textarea name="reason" rows={2} required value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
          </label>
          <div class="buttons">
            <button type="submit" disabled={busy}>{busy ? "正在保存…" : "保存更正"}</button>
            <button type="button" onClick={onClose}>取消</button>
          </div>
          {error ? <p class="error" role="alert">{error}</p> : null}
        </form>
      )}
    </section>
  );
}
