// jobplane dashboard: plain JavaScript over the public HTTP routes only
// (/v1/jobs…, /v1/events, /v1/jobs/{id}/events). No build step, no CDN.
"use strict";

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELED", "EXPIRED"]);
const MAX_ROWS = 500;
const STATUSES = ["QUEUED", "RUNNING", "RETRYING", "PAUSED", "STALLED", "SUCCEEDED", "FAILED", "CANCELED", "EXPIRED"];
const $ = (sel, root = document) => root.querySelector(sel);
const short = (s) => (s || "").replace("JOB_STATUS_", "");
let current = null; // the view's teardown

function token() { return localStorage.getItem("jobplane.token") || ""; }
function headers(extra = {}) {
  const h = { ...extra };
  if (token()) h.Authorization = "Bearer " + token();
  return h;
}

function flash(message) {
  const el = $("#flash");
  el.textContent = message;
  el.hidden = !message;
  if (message) setTimeout(() => { if (el.textContent === message) el.hidden = true; }, 6000);
}

async function api(method, path, body) {
  const init = { method, headers: headers(body ? { "Content-Type": "application/json" } : {}) };
  if (body) init.body = JSON.stringify(body);
  const res = await fetch(path, init);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = data.error || { status: res.status, message: res.statusText };
    throw new Error(`${err.status}: ${err.message}`);
  }
  return data;
}

function setConn(state, text) {
  const el = $("#conn");
  el.className = "conn " + state;
  el.textContent = text;
}

// Server-Sent Events over fetch (so the Authorization header can be sent), with the
// same semantics as EventSource: reconnect after `retry` ms, resume with Last-Event-ID,
// stop on 204. handlers: {open(), event(name, data, id), error(status)}.
function subscribe(path, handlers, lastId = "") {
  let closed = false, retry = 1000, controller = null;
  async function run() {
    while (!closed) {
      controller = new AbortController();
      try {
        const extra = { Accept: "text/event-stream" };
        if (lastId) extra["Last-Event-ID"] = lastId;
        const res = await fetch(path, { headers: headers(extra), signal: controller.signal });
        if (res.status === 204) { closed = true; handlers.end && handlers.end(); return; }
        if (!res.ok) {
          const data = await res.json().catch(() => ({}));
          handlers.error && handlers.error(data.error || { message: res.statusText });
          if (res.status === 400 || res.status === 404) { closed = true; return; }
          throw new Error(res.statusText);
        }
        handlers.open && handlers.open();
        await read(res.body.getReader());
      } catch (e) {
        if (closed) return;
      }
      if (closed) return;
      handlers.down && handlers.down();
      await new Promise((r) => setTimeout(r, retry));
    }
  }
  async function read(reader) {
    const decoder = new TextDecoder();
    let buf = "", id = "", name = "message", data = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, "");
        buf = buf.slice(nl + 1);
        if (line === "") {
          if (id) lastId = id;
          if (data.length && !closed) handlers.event(name, JSON.parse(data.join("\n")), id);
          id = ""; name = "message"; data = [];
        } else if (line.startsWith(":")) {
          continue;
        } else {
          const i = line.indexOf(":");
          const field = i < 0 ? line : line.slice(0, i);
          const val = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
          if (field === "data") data.push(val);
          else if (field === "event") name = val;
          else if (field === "id") id = val;
          else if (field === "retry" && /^\d+$/.test(val)) retry = Number(val);
        }
      }
    }
  }
  run();
  return { close() { closed = true; if (controller) controller.abort(); } };
}

// An error that ends a stream: UNAVAILABLE (the server is restarting) only shows as
// "reconnecting…"; the stream reconnects by itself either way.
function streamError(err) {
  if (err.status === "UNAVAILABLE") setConn("down", "reconnecting…");
  else flash(`${err.status}: ${err.message}`);
}

function fmtTime(ts) { return ts ? new Date(ts).toLocaleString() : ""; }
function percent(job) { return Math.max(0, Math.min(100, (job.progress && job.progress.percent) || 0)); }
function badge(status) {
  const s = short(status) || "UNSPECIFIED";
  const el = document.createElement("span");
  el.className = "badge s-" + s;
  el.textContent = s;
  return el;
}
function bar(pct, done, small) {
  const el = document.createElement("div");
  el.className = "bar" + (small ? " small" : "") + (done ? " done" : "");
  el.setAttribute("role", "progressbar");
  el.setAttribute("aria-valuemin", "0");
  el.setAttribute("aria-valuemax", "100");
  el.setAttribute("aria-valuenow", String(Math.round(pct)));
  const fill = document.createElement("div");
  fill.className = "fill";
  fill.style.width = pct + "%";
  el.appendChild(fill);
  return el;
}

// ---- the jobs table ---------------------------------------------------------
function jobsView(params) {
  const main = $("#main");
  main.replaceChildren($("#jobs-view").content.cloneNode(true));
  const filter = params.get("filter") || "";
  $("#filter").value = filter;
  const jobs = new Map();
  let stream = null;

  function row(job) {
    const tr = document.createElement("tr");
    tr.dataset.jobId = job.id;
    tr.dataset.status = short(job.status);
    const link = document.createElement("a");
    link.href = "#/jobs/" + job.id;
    link.className = "mono";
    link.textContent = job.id.slice(0, 8) + "…" + job.id.slice(-4);
    link.title = job.id;
    const cells = [link, document.createTextNode(job.type), badge(job.status),
      bar(percent(job), short(job.status) === "SUCCEEDED", true),
      document.createTextNode(`${job.attempt || 0}/${job.maxAttempts || 0}`),
      document.createTextNode(fmtTime(job.createTime))];
    cells.forEach((c, i) => {
      const td = document.createElement("td");
      if (i === 2) td.className = "status";
      if (i >= 4) td.className = "wide";
      td.appendChild(c);
      tr.appendChild(td);
    });
    return tr;
  }
  // A burst of changes (thousands of jobs a second) redraws once per frame, and the
  // page keeps at most MAX_ROWS jobs, the newest.
  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; render(); });
  }
  function render() {
    let list = [...jobs.values()].sort((a, b) => (a.createTime < b.createTime ? 1 : -1));
    if (list.length > MAX_ROWS) {
      list.slice(MAX_ROWS).forEach((j) => jobs.delete(j.id));
      list = list.slice(0, MAX_ROWS);
    }
    $("#jobs tbody").replaceChildren(...list.map(row));
    $("#empty").hidden = list.length > 0;
    const counts = new Map();
    list.forEach((j) => counts.set(short(j.status), (counts.get(short(j.status)) || 0) + 1));
    $("#counts").replaceChildren(...STATUSES.filter((s) => counts.get(s)).map((s) => {
      const li = document.createElement("li");
      li.dataset.status = s;
      li.append(badge(s), " " + counts.get(s));
      return li;
    }), Object.assign(document.createElement("li"), { textContent: `total ${list.length}` }));
  }
  async function load() {
    const q = new URLSearchParams({ page_size: "200" });
    if (filter) q.set("filter", filter);
    try {
      const data = await api("GET", "/v1/jobs?" + q);
      jobs.clear();
      (data.jobs || []).forEach((j) => jobs.set(j.id, j));
      render();
    } catch (e) { flash(e.message); }
  }
  // List, then watch; after every reconnect list again (changes while away are not replayed).
  stream = subscribe("/v1/events" + (filter ? "?" + new URLSearchParams({ filter }) : ""), {
    open() { setConn("live", "live"); load(); },
    down() { setConn("down", "reconnecting…"); },
    error(err) { flash(`${err.status || ""}: ${err.message}`); },
    event(name, data) {
      if (name === "error") { streamError(data.error); return; }
      if (data.job) { jobs.set(data.job.id, data.job); schedule(); }
    },
  });
  $("#filter-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const value = $("#filter").value.trim();
    location.hash = "#/" + (value ? "?" + new URLSearchParams({ filter: value }) : "");
  });
  $("#submit-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      const payload = JSON.parse($("#new-payload").value || "{}");
      const data = await api("POST", "/v1/jobs", { type: $("#new-type").value.trim(), payload });
      location.hash = "#/jobs/" + data.job.id;
    } catch (e) { flash(e.message); }
  });
  return () => stream && stream.close();
}

// ---- one job ------------------------------------------------------------------
function jobView(id) {
  const main = $("#main");
  main.replaceChildren($("#job-view").content.cloneNode(true));
  $("#job-id").textContent = id;
  let job = null, stream = null, live = false, events = 0;

  function show() {
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
    const rows = [["Type", job.type], ["Priority", job.priority || 0], ["Tenant", job.tenant || "—"],
      ["Created", fmtTime(job.createTime)], ["Started", fmtTime(job.startTime)], ["Ended", fmtTime(job.endTime)],
      ["Labels", Object.entries(job.labels || {}).map(([k, v]) => `${k}=${v}`).join(", ") || "—"],
      ["Request id", job.requestId || "—"], ["Sequence", job.sequence || 0]];
    $("#details").replaceChildren(...rows.flatMap(([k, v]) => {
      const dt = document.createElement("dt"); dt.textContent = k;
      const dd = document.createElement("dd"); dd.textContent = String(v);
      return [dt, dd];
    }), ...pre("Payload", job.payload));
    const result = [];
    if (job.output) result.push(...pre("Output", job.output));
    if (job.error) result.push(errorLine(job.error));
    if (job.cancelReason) result.push(Object.assign(document.createElement("p"), { textContent: "Cancel reason: " + job.cancelReason }));
    if (!result.length) result.push(Object.assign(document.createElement("p"), { className: "muted", textContent: "none yet" }));
    $("#result").replaceChildren(...result);
    $("#attempts tbody").replaceChildren(...(job.attempts || []).map((a) => {
      const tr = document.createElement("tr");
      const cells = [a.number, badge(a.outcome), fmtTime(a.startTime), fmtTime(a.endTime), a.worker || "",
        a.error ? `${a.error.reason || a.error.code}: ${a.error.message}` : ""];
      cells.forEach((c) => {
        const td = document.createElement("td");
        td.append(c instanceof Node ? c : document.createTextNode(String(c)));
        tr.appendChild(td);
      });
      return tr;
    }));
  }
  function pre(label, value) {
    const dt = document.createElement("dt"); dt.textContent = label;
    const dd = document.createElement("dd");
    const p = document.createElement("pre"); p.textContent = JSON.stringify(value || {}, null, 2);
    dd.appendChild(p);
    return [dt, dd];
  }
  function errorLine(err) {
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = `${err.code || "ERROR"} ${err.reason || ""}: ${err.message || ""}`;
    return p;
  }
  function logEvent(name, ev) {
    const li = document.createElement("li");
    li.value = Number(ev.sequence);
    const p = ev.progress || {};
    li.textContent = `${new Date(ev.eventTime).toLocaleTimeString()} ${name} ${short(ev.status)}` +
      (name === "progress" ? ` ${Math.round(p.percent || 0)} % ${p.message || ""}` : "") +
      (ev.error ? ` — ${ev.error.message}` : "");
    const list = $("#events");
    list.appendChild(li);
    if (++events > 500) list.firstChild.remove();
    list.scrollTop = list.scrollHeight;
  }
  function start(after) {
    stream = subscribe(`/v1/jobs/${id}/events`, {
      open() { setConn("live", "live"); },
      down() { setConn("down", "reconnecting…"); },
      end() { setConn("live", "ended"); },
      error(err) { flash(`${err.status || ""}: ${err.message}`); },
      event(name, ev) {
        if (name === "error") { streamError(ev.error); return; }
        logEvent(name, ev);
        job = ev.job ? ev.job : { ...job, status: ev.status, progress: ev.progress || job.progress, attempt: ev.attempt };
        show();
        if (TERMINAL.has(short(ev.status))) { stream.close(); live = false; setConn("live", "ended"); }
      },
    }, after);
    live = true;
  }
  async function act(verb, body) {
    try {
      const data = await api("POST", `/v1/jobs/${id}:${verb}`, body || {});
      job = data.job;
      show();
      // A retried job lives again: follow it from the sequence the answer carries.
      if (!TERMINAL.has(short(job.status)) && !live) start(String(job.sequence || ""));
    } catch (e) { flash(e.message); }
  }
  $("#btn-cancel").addEventListener("click", () => act("cancel", { reason: "canceled from the dashboard" }));
  $("#btn-retry").addEventListener("click", () => act("retry"));
  $("#btn-pause").addEventListener("click", () => act("pause"));
  $("#btn-resume").addEventListener("click", () => act("resume"));
  start("");
  return () => stream && stream.close();
}

function route() {
  if (current) current();
  flash("");
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const m = path.match(/^\/jobs\/([0-9a-f-]+)$/);
  current = m ? jobView(m[1]) : jobsView(new URLSearchParams(query || ""));
  $("#main").focus({ preventScroll: true });
}

$("#token").value = token();
$("#token-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  localStorage.setItem("jobplane.token", $("#token").value.trim());
  route();
});
document.addEventListener("keydown", (ev) => {
  const typing = /INPUT|TEXTAREA/.test(document.activeElement.tagName);
  if (ev.key === "/" && !typing && $("#filter")) { ev.preventDefault(); $("#filter").focus(); }
});
window.addEventListener("hashchange", route);
route();
