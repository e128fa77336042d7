// The jobs table: list, then watch /v1/events (WatchJobs); counts by status.
"use strict";

const MAX_ROWS = 500;

function jobRow(job) {
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

function renderCounts(list) {
  const counts = new Map();
  list.forEach((j) => counts.set(short(j.status), (counts.get(short(j.status)) || 0) + 1));
  $("#counts").replaceChildren(...STATUSES.filter((s) => counts.get(s)).map((s) => {
    const li = document.createElement("li");
    li.dataset.status = s;
    li.append(badge(s), " " + counts.get(s));
    return li;
  }), Object.assign(document.createElement("li"), { textContent: `total ${list.length}` }));
}

// The page's jobs, newest first, at most MAX_ROWS; a burst of changes (thousands of
// jobs a second) redraws once per frame.
class JobTable {
  constructor() { this.jobs = new Map(); this.pending = false; }
  replace(list) { this.jobs.clear(); list.forEach((j) => this.jobs.set(j.id, j)); this.render(); }
  upsert(job) {
    this.jobs.set(job.id, job);
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.render(); });
  }
  render() {
    let list = [...this.jobs.values()].sort((a, b) => (a.createTime < b.createTime ? 1 : -1));
    list.slice(MAX_ROWS).forEach((j) => this.jobs.delete(j.id));
    list = list.slice(0, MAX_ROWS);
    $("#jobs tbody").replaceChildren(...list.map(jobRow));
    $("#empty").hidden = list.length > 0;
    renderCounts(list);
  }
}

function bindJobForms() {
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
}

function jobsView(params) {
  $("#main").replaceChildren($("#jobs-view").content.cloneNode(true));
  const filter = params.get("filter") || "";
  $("#filter").value = filter;
  const table = new JobTable();
  async function load() {
    const q = new URLSearchParams({ page_size: "200" });
    if (filter) q.set("filter", filter);
    try {
      table.replace((await api("GET", "/v1/jobs?" + q)).jobs || []);
    } catch (e) { flash(e.message); }
  }
  // List, then watch; after every reconnect list again (changes while away are not replayed).
  const stream = subscribe("/v1/events" + (filter ? "?" + new URLSearchParams({ filter }) : ""), {
    open() { setConn("live", "live"); load(); },
    down() { setConn("down", "reconnecting…"); },
    error(err) { flash(`${err.status || ""}: ${err.message}`); },
    event(name, data) {
      if (name === "error") streamError(data.error);
      else if (data.job) table.upsert(data.job);
    },
  });
  bindJobForms();
  return () => stream.close();
}
