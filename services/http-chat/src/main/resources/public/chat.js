// The web chat page: posts to /api/chat and shows the conversation, the reply growing as it streams. No build step,
// no inline script.
// When the server has an API token (ARTIE_HTTP_API_TOKEN), the first 401 shows a token field; the token is kept in
// sessionStorage (this tab only, gone when it closes) and sent as "Authorization: Bearer" (docs/security.md).
// Conversations (docs/http-api.md): the one open is named in the URL fragment (#<id>), so a reload reopens it and
// shows its turns; "New conversation" starts one with a fresh random id; each listed one can be opened or deleted.
// Reminders come as notices (docs/http-api.md, "Reminders"): asked for every 20 s, each handed out once, shown in the
// open conversation (named with their own conversation when that is another) and again when their own is opened.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const user = document.getElementById("user");
  const send = document.getElementById("send");
  const login = document.getElementById("login");
  const token = document.getElementById("token");
  const list = document.getElementById("conversation-list");
  const newConversation = document.getElementById("new-conversation");
  const TOKEN_KEY = "artie.apiToken";
  let waitingForToken = null; // the message to send again once a token is given
  let conversationId = null;
  let opening = 0; // counts openings, so that a slow answer for a conversation left since is dropped
  const notices = []; // handed out once by the server, so kept here to be shown again with their conversation

  user.value = localStorage.getItem("artie.userId") || "web-" + Math.random().toString(36).slice(2, 10);
  user.addEventListener("change", function () {
    localStorage.setItem("artie.userId", user.value.trim());
    refreshList();
    openConversation(conversationId);
  });
  localStorage.setItem("artie.userId", user.value);

  function show(text, kind) {
    const item = document.createElement("li");
    item.className = kind;
    item.textContent = text;
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  function freshId() {
    const bytes = new Uint8Array(8);
    crypto.getRandomValues(bytes); // also where crypto.randomUUID is missing (plain http on another host)
    return "c-" + Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function idFromFragment() {
    const raw = location.hash.replace(/^#/, "");
    if (!raw) { return null; }
    try { return decodeURIComponent(raw); } catch (e) { return null; }
  }

  class Unauthorized extends Error {}
  class NotFound extends Error {}

  // One API call. With onText the reply is asked for streamed (docs/http-api.md, "Streamed"): refusals come back
  // as plain JSON, a queued message as server-sent events read as they arrive; onText gets each delta's whole text.
  async function call(method, path, body, onText) {
    const headers = { "Accept": onText ? "text/event-stream" : "application/json" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    const stored = sessionStorage.getItem(TOKEN_KEY);
    if (stored) { headers["Authorization"] = "Bearer " + stored; }
    const response = await fetch(path, {
      method: method,
      headers: headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const type = response.headers.get("Content-Type") || "";
    if (onText && response.ok && type.indexOf("text/event-stream") === 0 && response.body) {
      return readStream(response.body, onText);
    }
    let answer = null;
    if (response.status !== 204) {
      try { answer = await response.json(); } catch (e) { /* not JSON: reported below */ }
    }
    if (response.status === 401) {
      // Only the token this call was refused with is forgotten: a call sent before one was entered (the list, at
      // load) must not take away the token entered meanwhile.
      if (sessionStorage.getItem(TOKEN_KEY) === stored) { sessionStorage.removeItem(TOKEN_KEY); }
      throw new Unauthorized(answer && answer.message ? answer.message : "this Artie needs its access token");
    }
    if (response.status === 404) {
      throw new NotFound(answer && answer.message ? answer.message : "not found");
    }
    if (!response.ok) {
      let text = answer && answer.message ? answer.message : "HTTP " + response.status;
      const retryAfter = response.headers.get("Retry-After");
      if (response.status === 429 && retryAfter) { text += " (try again in " + retryAfter + " s)"; }
      throw new Error(text);
    }
    return answer;
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

  function person() { return encodeURIComponent(user.value.trim()); }

  function ask(message, onText) {
    return call("POST", "api/chat", { userId: user.value.trim(), message: message, conversationId: conversationId },
      onText);
  }

  // The list of conversations; quiet when it cannot be had (no token yet): the chat says why when it is used.
  async function refreshList() {
    let answer;
    try {
      answer = await call("GET", "api/conversations?userId=" + person());
    } catch (error) {
      return;
    }
    list.replaceChildren();
    (answer.conversations || []).forEach(function (conversation) {
      const item = document.createElement("li");
      item.dataset.id = conversation.id;
      if (conversation.id === conversationId) { item.className = "current"; }
      const open = document.createElement("button");
      open.type = "button";
      open.className = "open";
      open.textContent = conversation.title || conversation.id;
      open.title = conversation.title + " (" + conversation.turns + " turns, " + conversation.updatedAt + ")";
      open.addEventListener("click", function () { location.hash = encodeURIComponent(conversation.id); });
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "delete";
      remove.textContent = "×";
      remove.title = "Delete this conversation";
      remove.setAttribute("aria-label", "Delete " + (conversation.title || conversation.id));
      remove.addEventListener("click", function () { deleteConversation(conversation.id); });
      item.append(open, remove);
      list.appendChild(item);
    });
  }

  // Quiet when they cannot be had (no token yet, Redis down): the next ask comes 20 s later.
  async function showNotices() {
    let answer;
    try {
      answer = await call("GET", "api/notices?userId=" + person());
    } catch (error) {
      return;
    }
    (answer.notices || []).forEach(function (notice) {
      notices.push(notice);
      const elsewhere = notice.conversationId && notice.conversationId !== conversationId;
      show(notice.text + (elsewhere ? " (from conversation " + notice.conversationId + ")" : ""), "artie notice");
    });
  }

  function showNoticesOf(id) {
    notices.filter(function (notice) { return notice.conversationId === id; })
      .forEach(function (notice) { show(notice.text, "artie notice"); });
  }

  function markCurrent() {
    list.querySelectorAll("li").forEach(function (item) {
      item.classList.toggle("current", item.dataset.id === conversationId);
    });
  }

  // Shows the conversation's turns; one not kept yet (new, or gone) starts empty.
  async function openConversation(id) {
    conversationId = id;
    const mine = ++opening;
    log.replaceChildren();
    markCurrent();
    let conversation;
    try {
      conversation = await call("GET", "api/conversations/" + encodeURIComponent(id) + "?userId=" + person());
    } catch (error) {
      if (mine === opening) { showNoticesOf(id); }
      return; // not found: nothing said in it yet; no token: the first message asks for it
    }
    if (mine !== opening) { return; }
    log.replaceChildren();
    (conversation.turns || []).forEach(function (turn) { show(turn.text, turn.role === "user" ? "person" : "artie"); });
    showNoticesOf(id);
  }

  function startNew() {
    location.hash = encodeURIComponent(freshId()); // hashchange opens it
  }

  async function deleteConversation(id) {
    try {
      await call("DELETE", "api/conversations/" + encodeURIComponent(id) + "?userId=" + person());
    } catch (error) {
      if (!(error instanceof NotFound)) { show(error.message, "error"); return; }
    }
    if (id === conversationId) { startNew(); }
    refreshList();
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
      refreshList();
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
    refreshList();
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  newConversation.addEventListener("click", startNew);
  window.addEventListener("hashchange", function () {
    const id = idFromFragment();
    if (id && id !== conversationId) { openConversation(id); } else if (!id) { startNew(); }
  });

  const start = idFromFragment();
  let opened = Promise.resolve();
  if (start) {
    opened = openConversation(start);
  } else {
    conversationId = freshId();
    history.replaceState(null, "", "#" + encodeURIComponent(conversationId));
  }
  refreshList();
  // After the conversation is shown, so that showing it does not wipe the first notices.
  opened.then(function () {
    showNotices();
    setInterval(showNotices, 20000);
  });
})();
