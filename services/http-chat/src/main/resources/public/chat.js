// The web chat page: posts to /api/chat and shows the conversation. No build step, no inline script.
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

  async function ask(message) {
    const headers = { "Content-Type": "application/json", "Accept": "application/json" };
    const stored = sessionStorage.getItem(TOKEN_KEY);
    if (stored) { headers["Authorization"] = "Bearer " + stored; }
    const response = await fetch("api/chat", {
      method: "POST",
      headers: headers,
      credentials: "same-origin",
      body: JSON.stringify({ userId: user.value.trim(), message: message })
    });
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

  async function converse(message) {
    send.disabled = true;
    try {
      const answer = await ask(message);
      show(answer.reply, answer.offline ? "artie offline" : "artie");
    } catch (error) {
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
