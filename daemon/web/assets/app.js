// newsmon console: the little that needs a script. Every page works without it; this
// adds new alerts as they arrive and runs the playground as you type.
"use strict";

function cell(row, text, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  if (text !== undefined) td.textContent = text;
  row.appendChild(td);
  return td;
}

// Each value as its own element in `parent`, a space after each.
function chips(parent, values, tag, className) {
  for (const value of values) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = value;
    parent.appendChild(element);
    parent.appendChild(document.createTextNode(" "));
  }
}

function alertRow(alert) {
  const row = document.createElement("tr");
  row.dataset.id = String(alert.id);
  row.className = "fresh";
  const time = document.createElement("time");
  time.textContent = "just now";
  time.title = alert.raised;
  cell(row).appendChild(time);
  const badge = document.createElement("span");
  badge.className = "severity severity-" + alert.severity;
  badge.textContent = alert.severity;
  cell(row).appendChild(badge);
  const story = cell(row, undefined, "story");
  const link = document.createElement("a");
  link.className = "alert-title";
  link.href = alert.url;
  link.textContent = alert.title || "(untitled)";
  story.appendChild(link);
  if (alert.event) {
    const line = document.createElement("div");
    line.className = "event";
    line.textContent = alert.event;
    story.appendChild(line);
  }
  chips(cell(row, undefined, "outlets"), alert.outlets, "span", "outlet");
  chips(cell(row, undefined, "rules"), alert.rules, "code", "");
  chips(cell(row), alert.topics, "span", "topic");
  return row;
}

function startLiveAlerts() {
  const rows = document.getElementById("alert-rows");
  if (!rows || rows.dataset.liveAfter === undefined || !window.EventSource) return;
  const status = document.getElementById("live-status");
  let arrived = 0;
  const source = new EventSource("/events?after=" + encodeURIComponent(rows.dataset.liveAfter));
  source.addEventListener("open", () => {
    status.hidden = false;
    status.textContent = arrived ? arrived + " new alerts since this page opened" : "Live: new alerts appear here.";
  });
  source.addEventListener("alert", (message) => {
    const alert = JSON.parse(message.data);
    if (rows.querySelector('tr[data-id="' + alert.id + '"]')) return;
    rows.insertBefore(alertRow(alert), rows.firstChild);
    arrived += 1;
    status.hidden = false;
    status.textContent = arrived + (arrived === 1 ? " new alert" : " new alerts") + " since this page opened";
  });
  source.addEventListener("error", () => {
    status.textContent = "Live updates paused; retrying.";
  });
}

function startPlayground() {
  const form = document.getElementById("playground");
  if (!form || !window.fetch) return;
  let timer = 0;
  let sent = 0;
  const run = async () => {
    const number = ++sent;
    const body = new URLSearchParams(new FormData(form));
    const response = await fetch("/playground", { method: "POST", body, credentials: "same-origin" });
    if (number !== sent || !response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("result");
    const old = document.getElementById("result");
    if (!fresh) return;
    if (old) old.replaceWith(fresh); else form.after(fresh);
  };
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => { run().catch(() => {}); }, 400);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  startLiveAlerts();
  startPlayground();
});
