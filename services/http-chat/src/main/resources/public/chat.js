// The web chat page: posts to /api/chat and shows the conversation, the reply growing as it streams. No build step,
// no inline script.
// When the server has an API token (ARTIE_HTTP_API_TOKEN), the first 401 shows a token field; the token is kept in
// sessionStorage (this tab only, gone when it closes) and sent as "Authorization: Bearer" (docs/security.md).
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const user = document.getElementById("user");
  const send = document.getElementById("send");
  const login = document.getElementById("login");
  const token = document.getElementById("token");
  const TOKEN_KEY = "artie.apiToken";
  let waitingForToken = null; // the message to send again once a token is given

  user.value = localStorage.getItem("artie.userId") || "web-" + Math.random().toString(36).slice(2, 10);
  user.addEventListener("change", function () { localStorage.setItem("artie.userId", user.value.trim()); });
  localStorage.setItem("artie.userId", user.value);

  function show(text, kind) {
    const item = document.createElement("li");
    item.className = kind;
    item.textContent = text;
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  class Unauthorized extends Error {}

  // Asks for a streamed reply (docs/http-api.md, "Streamed"): refusals come back as plain JSON, a queued message as
  // server-sent events read from the response body as they arrive. onText gets the whole text so far of each delta.
  async function ask(message, onText) {
    const headers = { "Content-Type": "application/json", "Accept": "text/event-stream" };
    const stored = sessionStorage.getItem(TOKEN_KEY);
    if (stored) { headers["Authorization"] = "Bearer " + stored; }
    const response = await fetch("api/chat", {
      method: "POST",
      headers: headers,
      credentials: "same-origin",
      body: JSON.stringify({ userId: user.value.trim(), message: message })
    });
    const type = response.headers.get("Content-Type") || "";
    if (response.ok && type.indexOf("text/event-stream") === 0 && response.body) {
      return readStream(response.body, onText);
    }
    let body = null;
    try { body = await response.json(); } catch (e) { /* not JSON: reported below */ }
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      throw new Unauthorized(body && body.message ? body.message : "this Artie needs its access token");
    }
    if (!response.ok) {
      let text = body && body.message ? body.message : "HTTP " + response.status;
      const retryAfter = response.headers.get("Retry-After");
      if (response.status === 429 && retryAfter) { text += " (try again in " + retryAfter + " s)"; }
      throw new Error(text);
    }
    return body;
  }

  // Reads server-sent events until the reply (resolved) or an error event (thrown). Comment lines (": keep-alive")
  // are skipped. A stream that ends without either asks GET /api/chat/{messageId} once.
  async function readStream(body, onText) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let queued = null;
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) { break; }
      buffer += decoder.decode(chunk.value, { stream: true });
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, "");
        let name = "message";
        const data = [];
        block.split(/\r?\n/).forEach(function (line) {
          if (line.indexOf("event:") === 0) { name = line.slice(6).trim(); }
          else if (line.indexOf("data:") === 0) { data.push(line.slice(5).replace(/^ /, "")); }
        });
        if (data.length === 0) { continue; }
        const event = JSON.parse(data.join("\n"));
        if (name === "queued") { queued = event; }
        else if (name === "delta") { onText(event.text); }
        else if (name === "reply") { reader.cancel().catch(function () {}); return event; }
        else if (name === "error") { reader.cancel().catch(function () {}); throw new Error(event.message); }
      }
    }
    if (queued) {
      const late = await fetch("api/chat/" + encodeURIComponent(queued.messageId) + "?userId="
        + encodeURIComponent(user.value.trim()), { credentials: "same-origin", headers: authorization() });
      if (late.status === 200) { return late.json(); }
    }
    throw new Error("the reply stream ended early; the reply may still come" + (queued
      ? ": GET api/chat/" + queued.messageId + " fetches it" : ""));
  }

  function authorization() {
    const stored = sessionStorage.getItem(TOKEN_KEY);
    return stored ? { "Authorization": "Bearer " + stored } : {};
  }

  async function converse(message) {
    send.disabled = true;
    let growing = null; // the entry that shows the text so far; the reply replaces its text
    try {
      const answer = await ask(message, function (text) {
        if (!growing) { growing = show("", "artie streaming"); }
        growing.textContent = text;
        growing.scrollIntoView({ block: "end" });
      });
      if (growing) {
        growing.textContent = answer.reply;
        growing.className = answer.offline ? "artie offline" : "artie";
      } else {
        show(answer.reply, answer.offline ? "artie offline" : "artie");
      }
    } catch (error) {
      if (growing) { growing.remove(); }
      if (error instanceof Unauthorized) {
        waitingForToken = message;
        login.hidden = false;
        token.focus();
      }
      show(error.message, "error");
    } finally {
      send.disabled = false;
      if (login.hidden) { input.focus(); }
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const message = input.value.trim();
    if (!message) { return; }
    show(message, "person");
    input.value = "";
    converse(message);
  });

  login.addEventListener("submit", function (event) {
    event.preventDefault();
    const value = token.value.trim();
    if (!value) { return; }
    sessionStorage.setItem(TOKEN_KEY, value);
    token.value = "";
    login.hidden = true;
    const pending = waitingForToken;
    waitingForToken = null;
    if (pending) { converse(pending); } else { input.focus(); }
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
