// Routing between the two views, the token form, keyboard shortcuts.
"use strict";

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
