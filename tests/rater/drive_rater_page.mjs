// Drives a rater page in headless Chromium over the DevTools protocol, as a rater would with
// the keyboard: presses the given keys one by one, then Ctrl+S, and waits for the ratings file
// the page saves. Node's own fetch and WebSocket (node --experimental-websocket on Node 20):
// nothing to install.
//
//   node --experimental-websocket drive_rater_page.mjs CHROMIUM PAGE.html DOWNLOAD_DIR KEYS...
// Prints the saved file's path; exits 1 with the reason otherwise, 77 when this Node has no
// WebSocket (older than 20.10) and the page cannot be driven.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

if (typeof WebSocket === "undefined") {
  console.error("this Node (" + process.version + ") has no WebSocket: Node 20.10 or later is needed");
  process.exit(77);
}
const [chromium, page, downloads, ...keys] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "rater-chromium-"));
const browser = spawn(chromium, ["--headless=new", "--no-sandbox", "--disable-gpu",
  "--no-first-run", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank"],
  { stdio: ["ignore", "ignore", "pipe"] });
const fail = (why) => { console.error(why); browser.kill("SIGKILL"); process.exit(1); };
setTimeout(() => fail("timed out after 60 s"), 60000).unref();

const port = await new Promise((resolve) => {
  let text = "";
  browser.stderr.on("data", (chunk) => {
    text += chunk;
    const found = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
    if (found) resolve(found[1]);
  });
  browser.on("exit", (code) => fail("chromium ended (" + code + ") before listening: " + text));
});
let target;
for (let tries = 0; !target && tries < 50; ++tries) {
  const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  target = list.find((t) => t.type === "page");
  if (!target) await new Promise((r) => setTimeout(r, 100));
}
if (!target) fail("no page to drive");

const socket = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
let nextId = 0;
const pending = new Map();
const loaded = [];
socket.onmessage = (message) => {
  const reply = JSON.parse(message.data);
  if (reply.id && pending.has(reply.id)) {
    const { resolve, reject } = pending.get(reply.id);
    pending.delete(reply.id);
    reply.error ? reject(new Error(JSON.stringify(reply.error))) : resolve(reply.result);
  } else if (reply.method === "Page.loadEventFired") {
    loaded.forEach((resolve) => resolve());
  }
};
const send = (method, params = {}) => new Promise((resolve, reject) => {
  const id = ++nextId;
  pending.set(id, { resolve, reject });
  socket.send(JSON.stringify({ id, method, params }));
});

await send("Page.enable");
await send("Page.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
const ready = new Promise((resolve) => loaded.push(resolve));
await send("Page.navigate", { url: "file://" + page });
await ready;

const codes = { "1": "Digit1", "2": "Digit2", "3": "Digit3", "4": "Digit4", "5": "Digit5",
  t: "KeyT", b: "KeyB", s: "KeyS", p: "KeyP", f: "KeyF", Enter: "Enter" };
for (const key of keys) {
  const text = key.length === 1 ? key : key === "Enter" ? "\r" : undefined;
  await send("Input.dispatchKeyEvent", { type: "keyDown", key, code: codes[key], text,
    windowsVirtualKeyCode: key === "Enter" ? 13 : key.toUpperCase().charCodeAt(0) });
  await send("Input.dispatchKeyEvent", { type: "keyUp", key, code: codes[key] });
}
await send("Input.dispatchKeyEvent", { type: "keyDown", key: "s", code: "KeyS", modifiers: 2,
  windowsVirtualKeyCode: 83 });
await send("Input.dispatchKeyEvent", { type: "keyUp", key: "s", code: "KeyS", modifiers: 2 });

for (let tries = 0; tries < 100; ++tries) {
  const saved = readdirSync(downloads).filter((name) => name.endsWith(".json"));
  if (saved.length > 0) {
    console.log(join(downloads, saved[0]));
    browser.kill("SIGKILL");
    process.exit(0);
  }
  await new Promise((r) => setTimeout(r, 100));
}
fail("the page saved no ratings file");
