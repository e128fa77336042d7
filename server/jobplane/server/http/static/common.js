// jobplane dashboard: plain JavaScript over the public HTTP routes only
// (/v1/jobs…, /v1/events, /v1/jobs/{id}/events). No build step, no CDN.
"use strict";

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELED", "EXPIRED"]);
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
          // Retrying cannot help a bad request, a missing job or missing credentials
          // (the token form restarts the view).
          if ([400, 401, 403, 404].includes(res.status)) { closed = true; return; }
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

