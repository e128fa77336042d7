// One job: live progress from /v1/jobs/{id}/events (WatchProgress), history, attempts,
// result and errors, and the actions.
"use strict";

function textEl(tag, text, className) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

function jsonBlock(label, value) {
  const dd = document.createElement("dd");
  dd.appendChild(textEl("pre", JSON.stringify(value || {}, null, 2)));
  return [textEl("dt", label), dd];
}

function errorLine(err) {
  return textEl("p", `${err.code || "ERROR"} ${err.reason || ""}: ${err.message || ""}`, "error");
}

function renderStatus(job) {
  const s = short(job.status);
  const status = $("#job-status");
  status.className = "badge s-" + s;
  status.textContent = s;
  $("#job-attempt").textContent = `attempt ${job.attempt || 0} of ${job.maxAttempts || 0}`;
  $("#btn-cancel").disabled = TERMINAL.has(s);
  $("#btn-retry").disabled = !["FAILED", "CANCELED", "EXPIRED"].includes(s);
  $("#btn-pause").disabled = s !== "QUEUED";
  $("#btn-resume").disabled = s !== "PAUSED";
  const pct = percent(job);
  const el = $("#progress");
  el.setAttribute("aria-valuenow", String(Math.round(pct)));
  el.classList.toggle("done", s === "SUCCEEDED");
  $(".fill", el).style.width = pct + "%";
  $("#progress-text").textContent = `${Math.round(pct)} %`;
  $("#progress-message").textContent = (job.progress && job.progress.message) || "";
}

function renderDetails(job) {
  const rows = [["Type", job.type], ["Priority", job.priority || 0], ["Tenant", job.tenant || "—"],
    ["Created", fmtTime(job.createTime)], ["Started", fmtTime(job.startTime)], ["Ended", fmtTime(job.endTime)],
    ["Labels", Object.entries(job.labels || {}).map(([k, v]) => `${k}=${v}`).join(", ") || "—"],
    ["Request id", job.requestId || "—"], ["Sequence", job.sequence || 0]];
  $("#details").replaceChildren(...rows.flatMap(([k, v]) => [textEl("dt", k), textEl("dd", String(v))]),
    ...jsonBlock("Payload", job.payload));
  const result = [];
  if (job.output) result.push(...jsonBlock("Output", job.output));
  if (job.error) result.push(errorLine(job.error));
  if (job.cancelReason) result.push(textEl("p", "Cancel reason: " + job.cancelReason));
  if (!result.length) result.push(textEl("p", "none yet", "muted"));
  $("#result").replaceChildren(...result);
  $("#attempts tbody").replaceChildren(...(job.attempts || []).map((a) => {
    const tr = document.createElement("tr");
    [a.number, badge(a.outcome), fmtTime(a.startTime), fmtTime(a.endTime), a.worker || "",
      a.error ? `${a.error.reason || a.error.code}: ${a.error.message}` : ""].forEach((c) => {
      const td = document.createElement("td");
      td.append(c instanceof Node ? c : document.createTextNode(String(c)));
      tr.appendChild(td);
    });
    return tr;
  }));
}

function logEvent(name, ev) {
  const p = ev.progress || {};
  const li = textEl("li", `${new Date(ev.eventTime).toLocaleTimeString()} ${name} ${short(ev.status)}` +
    (name === "progress" ? ` ${Math.round(p.percent || 0)} % ${p.message || ""}` : "") +
    (ev.error ? ` — ${ev.error.message}` : ""));
  li.value = Number(ev.sequence);
  const list = $("#events");
  list.appendChild(li);
  if (list.children.length > 500) list.firstChild.remove();
  list.scrollTop = list.scrollHeight;
}

function jobView(id) {
  $("#main").replaceChildren($("#job-view").content.cloneNode(true));
  $("#job-id").textContent = id;
  let job = null, stream = null, live = false;
  const show = () => { renderStatus(job); renderDetails(job); };
  function follow(after) {
    live = true;
    stream = subscribe(`/v1/jobs/${id}/events`, {
      open() { setConn("live", "live"); },
      down() { setConn("down", "reconnecting…"); },
      end() { live = false; setConn("live", "ended"); },
      error(err) { flash(`${err.status || ""}: ${err.message}`); },
      event(name, ev) {
        if (name === "error") { streamError(ev.error); return; }
        logEvent(name, ev);
        job = ev.job ? ev.job : { ...job, status: ev.status, progress: ev.progress || job.progress, attempt: ev.attempt };
        show();
        if (TERMINAL.has(short(ev.status))) { stream.close(); live = false; setConn("live", "ended"); }
      },
    }, after);
  }
  async function act(verb, body) {
    try {
      job = (await api("POST", `/v1/jobs/${id}:${verb}`, body || {})).job;
      show();
      // A retried job lives again: follow it from the sequence the answer carries.
      if (!TERMINAL.has(short(job.status)) && !live) follow(String(job.sequence || ""));
    } catch (e) { flash(e.message); }
  }
  $("#btn-cancel").addEventListener("click", () => act("cancel", { reason: "canceled from the dashboard" }));
  ["retry", "pause", "resume"].forEach((verb) => $("#btn-" + verb).addEventListener("click", () => act(verb)));
  follow("");
  return () => stream && stream.close();
}
