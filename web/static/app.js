// msgcheck operator page. Every piece of user or server text is inserted with textContent
// (never innerHTML), so a draft like <img src=x onerror=…> is shown as text, not run.
"use strict";

(function () {
  const app = document.getElementById("app");
  const auth = app.dataset.auth === "1";
  const maxBody = parseInt(app.dataset.maxBody, 10);
  const $ = (id) => document.getElementById(id);

  const VERDICT = { pass: "通过 PASS", review: "需复核 REVIEW", block: "拦截 BLOCK" };
  const CATEGORY = { diversion: "引流", contact: "联系方式", competitor: "竞品提及", broadcast: "群发频率" };
  const RANK = { pass: 0, review: 1, block: 2 };

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  // -- API key (kept in this tab only) --------------------------------------------------
  const keyInput = $("apikey");
  if (keyInput) {
    keyInput.value = sessionStorage.getItem("msgcheck-key") || "";
    keyInput.addEventListener("change", () => sessionStorage.setItem("msgcheck-key", keyInput.value.trim()));
  }

  async function api(path, body) {
    const headers = { "Content-Type": "application/json" };
    if (auth && keyInput && keyInput.value.trim()) headers["Authorization"] = "Bearer " + keyInput.value.trim();
    const resp = await fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
    let data = null;
    try { data = await resp.json(); } catch (e) { /* not JSON */ }
    if (!resp.ok) {
      const err = (data && data.error) || {};
      let msg = (err.message || ("HTTP " + resp.status));
      if (resp.status === 429) msg += "（稍后再试）";
      throw new Error(msg);
    }
    return data;
  }

  function showError(id, message) {
    const p = $(id);
    p.textContent = message;
    p.hidden = !message;
  }

  // -- highlighting -----------------------------------------------------------------------
  // Findings carry code-point offsets; JS strings index UTF-16 units, so split into code points.
  function renderHighlighted(container, text, findings) {
    container.replaceChildren();
    const cps = Array.from(text);
    const spans = findings.filter((f) => Number.isInteger(f.start) && Number.isInteger(f.end) && f.end > f.start);
    const cuts = new Set([0, cps.length]);
    spans.forEach((f) => { cuts.add(Math.max(0, Math.min(cps.length, f.start))); cuts.add(Math.max(0, Math.min(cps.length, f.end))); });
    const bounds = Array.from(cuts).sort((a, b) => a - b);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const a = bounds[i], b = bounds[i + 1];
      const piece = cps.slice(a, b).join("");
      const cover = spans.filter((f) => f.start <= a && b <= f.end);
      if (!cover.length) { container.appendChild(document.createTextNode(piece)); continue; }
      const worst = cover.reduce((w, f) => (RANK[f.severity] > RANK[w.severity] ? f : w), cover[0]);
      const mark = el("mark", piece, "sev-" + worst.severity);
      mark.title = cover.map((f) => (CATEGORY[f.category] || f.category) + "：" + f.message).join("\n");
      mark.dataset.rule = cover.map((f) => f.rule).join(" ");
      container.appendChild(mark);
    }
  }

  function replaceSpan(text, f) {
    const cps = Array.from(text);
    return cps.slice(0, f.start).join("") + f.suggestion + cps.slice(f.end).join("");
  }

  function renderFindings(list, text, findings) {
    list.replaceChildren();
    if (!findings.length) { list.appendChild(el("li", "没有发现风险。", "none")); return; }
    findings.forEach((f) => {
      const li = el("li", null, "finding sev-" + f.severity);
      const head = el("div", null, "finding-head");
      head.appendChild(el("span", CATEGORY[f.category] || f.category, "tag"));
      if (f.text) head.appendChild(el("q", f.text, "span-text"));
      head.appendChild(el("span", f.severity, "sev"));
      li.appendChild(head);
      li.appendChild(el("div", f.message, "reason"));
      if (f.suggestion) {
        const s = el("div", null, "suggestion");
        s.appendChild(el("span", "建议改为：" + f.suggestion));
        if (Number.isInteger(f.start) && Number.isInteger(f.end)) {
          const btn = el("button", "替换", "small");
          btn.type = "button";
          btn.addEventListener("click", () => {
            const draft = $("draft");
            if (draft.value !== text) return;  // the draft changed since this check
            draft.value = replaceSpan(text, f);
            runCheck();
          });
          s.appendChild(btn);
        }
        li.appendChild(s);
      }
      list.appendChild(li);
    });
  }

  let seq = 0;
  async function runCheck() {
    const text = $("draft").value;
    const platform = $("platform").value;
    const mine = ++seq;
    showError("check-error", "");
    if (!text.trim()) { $("result").hidden = true; return; }
    try {
      const report = await api("/v1/check", { text, platform });
      if (mine !== seq) return;  // a newer check is under way
      const v = $("verdict");
      v.textContent = VERDICT[report.verdict] || report.verdict;
      v.className = "verdict v-" + report.verdict;
      v.dataset.verdict = report.verdict;
      renderHighlighted($("highlighted"), text, report.findings);
      renderFindings($("findings"), text, report.findings);
      $("result").hidden = false;
    } catch (e) {
      if (mine === seq) { $("result").hidden = true; showError("check-error", "检查失败：" + e.message); }
    }
  }

  let timer = null;
  $("draft").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(runCheck, 350); });
  $("platform").addEventListener("change", runCheck);
  $("check-form").addEventListener("submit", (ev) => { ev.preventDefault(); clearTimeout(timer); runCheck(); });

  // -- audit upload -------------------------------------------------------------------------
  function formatFor(name) {
    const n = name.toLowerCase();
    if (n.endsWith(".csv")) return "csv";
    if (n.endsWith(".jsonl") || n.endsWith(".json")) return "jsonl";
    return "text";
  }

  function row(tbody, label, value) {
    const tr = el("tr");
    tr.appendChild(el("th", label));
    tr.appendChild(el("td", value));
    tbody.appendChild(tr);
  }

  function pairs(obj) {
    return Object.entries(obj || {}).map(([k, v]) => k + " " + v).join("，") || "—";
  }

  $("audit-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    showError("audit-error", "");
    const file = $("logfile").files[0];
    if (!file) { showError("audit-error", "请先选择文件。"); return; }
    if (file.size > maxBody - 1024) { showError("audit-error", "文件太大（上限约 " + Math.floor(maxBody / 1024) + " KB）。"); return; }
    try {
      const content = await file.text();
      const data = await api("/v1/audit", { content, format: formatFor(file.name), platform: $("platform").value });
      const s = data.summary;
      const tbody = $("audit-summary").tBodies[0];
      tbody.replaceChildren();
      row(tbody, "记录", s.records);
      row(tbody, "无法解析", s.errors);
      row(tbody, "结论", pairs(s.verdicts));
      row(tbody, "类别", pairs(s.categories));
      row(tbody, "常见词", (s.top_terms || []).map(([t, n]) => t + " ×" + n).join("，") || "—");
      row(tbody, "发送者", (s.top_senders || []).map(([t, n]) => t + " ×" + n).join("，") || "—");
      const list = $("audit-flagged");
      list.replaceChildren();
      data.results.filter((r) => r.error || r.verdict !== "pass").slice(0, 100).forEach((r) => {
        const li = el("li", null, r.error ? "error-item" : "sev-" + r.verdict);
        li.appendChild(el("span", "#" + r.id + " ", "rid"));
        if (r.error) { li.appendChild(el("span", r.error)); }
        else {
          li.appendChild(el("span", r.verdict, "sev"));
          li.appendChild(el("span", " " + r.findings.map((f) => (f.text ? "“" + f.text + "” " : "") + f.message).join("；")));
        }
        list.appendChild(li);
      });
      $("audit-result").hidden = false;
    } catch (e) {
      $("audit-result").hidden = true;
      showError("audit-error", "审计失败：" + e.message);
    }
  });
})();
