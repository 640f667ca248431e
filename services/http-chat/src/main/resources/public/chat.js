// The web chat page: posts to /api/chat and shows the conversation, the reply growing as it streams. No build step,
// no inline script.
// When the server has an API token (ARTIE_HTTP_API_TOKEN), the first 401 shows a token field; the token is kept in
// sessionStorage (this tab only, gone when it closes) and sent as "Authorization: Bearer" (docs/security.md).
// When it has signed-in people (ARTIE_HTTP_AUTH=oidc, told by GET api/session), the page signs in at the issuer
// with the authorization-code flow and PKCE as a public client and keeps the token in memory only: a reload signs in
// again, silently while the issuer's session lasts. The person is then the token's subject, not the "You are" field.
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
  const identity = document.getElementById("identity");
  const signedInAs = document.getElementById("signed-in");
  const TOKEN_KEY = "artie.apiToken";
  // Kept across the one redirect to the issuer and back, then removed: never the token itself.
  const SIGN_IN_KEY = "artie.signIn";
  let auth = "token"; // the mode GET api/session names; until it answers, as a token install
  let session = null; // its answer
  let signedIn = null; // oidc: the access token, in memory only
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
    const stored = bearer();
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
      if (auth === "oidc") { signedIn = null; }
      else if (sessionStorage.getItem(TOKEN_KEY) === stored) { sessionStorage.removeItem(TOKEN_KEY); }
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
      const late = await fetch("api/chat/" + encodeURIComponent(queued.messageId) + asking(),
        { credentials: "same-origin", headers: authorization() });
      if (late.status === 200) { return late.json(); }
    }
    throw new Error("the reply stream ended early; the reply may still come" + (queued
      ? ": GET api/chat/" + queued.messageId + " fetches it" : ""));
  }

  function bearer() {
    return auth === "oidc" ? signedIn : sessionStorage.getItem(TOKEN_KEY);
  }

  function authorization() {
    const stored = bearer();
    return stored ? { "Authorization": "Bearer " + stored } : {};
  }

  // The userId query of a call: signed in, the server takes the person from the token, so none is sent.
  function asking() { return auth === "oidc" ? "" : "?userId=" + encodeURIComponent(user.value.trim()); }

  function ask(message, onText) {
    return call("POST", "api/chat", { userId: auth === "oidc" ? undefined : user.value.trim(), message: message,
      conversationId: conversationId }, onText);
  }

  function base64url(bytes) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(bytes)))
      .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function randomText() {
    const bytes = new Uint8Array(32);
    crypto.getRandomValues(bytes);
    return base64url(bytes);
  }

  async function issuerMetadata() {
    const response = await fetch(session.issuer.replace(/\/+$/, "") + "/.well-known/openid-configuration");
    if (!response.ok) { throw new Error("the sign-in service cannot be reached (HTTP " + response.status + ")"); }
    return response.json();
  }

  function redirectUri() { return location.origin + location.pathname; }

  // Off to the issuer; it comes back to this page with ?code=&state= (or ?error=). A message the server refused
  // because the sign-in had run out goes along in this tab's storage and is sent once back: leaving for the issuer
  // must not lose what the person wrote.
  async function goSignIn(unsent) {
    const metadata = await issuerMetadata();
    const verifier = randomText();
    const state = randomText();
    const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    sessionStorage.setItem(SIGN_IN_KEY,
      JSON.stringify({ state: state, verifier: verifier, hash: location.hash, unsent: unsent || null }));
    location.assign(metadata.authorization_endpoint + "?" + new URLSearchParams({
      response_type: "code", client_id: session.clientId, redirect_uri: redirectUri(), scope: "openid",
      state: state, code_challenge: challenge, code_challenge_method: "S256"
    }).toString());
  }

  // Back from the issuer: the code is exchanged for the token (with the PKCE verifier), and the URL is put back as
  // it was before signing in. Resolves to what was kept for the return (the message not sent yet, if any) once signed
  // in, or throws; false when this load is not a return from the issuer.
  async function finishSignIn() {
    const answer = new URLSearchParams(location.search);
    if (!answer.has("code") && !answer.has("error")) { return false; }
    const pending = JSON.parse(sessionStorage.getItem(SIGN_IN_KEY) || "null");
    sessionStorage.removeItem(SIGN_IN_KEY);
    history.replaceState(null, "", location.pathname + (pending && pending.hash ? pending.hash : ""));
    if (answer.has("error")) {
      throw new Error("signing in failed: " + (answer.get("error_description") || answer.get("error")));
    }
    if (!pending || answer.get("state") !== pending.state) {
      throw new Error("that sign-in answer was not asked for by this page; reload to sign in again");
    }
    const metadata = await issuerMetadata();
    const response = await fetch(metadata.token_endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: answer.get("code"),
        redirect_uri: redirectUri(), client_id: session.clientId, code_verifier: pending.verifier })
    });
    const tokens = await response.json().catch(function () { return {}; });
    if (!response.ok || !tokens.access_token) {
      throw new Error("signing in failed: " + (tokens.error_description || tokens.error || "HTTP " + response.status));
    }
    signedIn = tokens.access_token;
    signedInAs.textContent = "Signed in as " + subjectOf(signedIn);
    signedInAs.hidden = false;
    return pending;
  }

  // Only to show who is signed in: the server checks the token and takes the person from it itself.
  function subjectOf(jwt) {
    try {
      const payload = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(atob(payload)).sub || "you";
    } catch (e) {
      return "you";
    }
  }

  // The list of conversations; quiet when it cannot be had (no token yet): the chat says why when it is used.
  async function refreshList() {
    let answer;
    try {
      answer = await call("GET", "api/conversations" + asking());
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
      answer = await call("GET", "api/notices" + asking());
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
      conversation = await call("GET", "api/conversations/" + encodeURIComponent(id) + asking());
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
      await call("DELETE", "api/conversations/" + encodeURIComponent(id) + asking());
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
      if (error instanceof Unauthorized && auth === "oidc") {
        show(error.message + " (signing in again; your message is sent once you are back)", "error");
        goSignIn(message).catch(function (failure) { show(failure.message, "error"); });
        return;
      }
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

  function begin() {
    const start = idFromFragment();
    let opened = Promise.resolve();
    if (start) {
      opened = openConversation(start);
    } else {
      conversationId = freshId();
      history.replaceState(null, "", "#" + encodeURIComponent(conversationId));
    }
    refreshList();
    return opened;
  }

  // After the conversation is shown, so that showing it does not wipe the first notices, nor the message sent.
  function whenShown(opened, unsent) {
    opened.then(function () {
      if (unsent) {
        show(unsent, "person");
        converse(unsent);
      }
      showNotices();
      setInterval(showNotices, 20000);
    });
  }

  // Asks how people are let in, signs in first where they sign in, then opens the conversation.
  async function load() {
    try {
      const response = await fetch("api/session", { credentials: "same-origin" });
      session = response.ok ? await response.json() : { auth: "token" };
    } catch (e) {
      session = { auth: "token" };
    }
    auth = session.auth;
    let unsent = null;
    if (auth === "oidc") {
      identity.hidden = true;
      try {
        const kept = await finishSignIn();
        if (!kept) { await goSignIn(); return; }
        unsent = kept.unsent;
      } catch (error) {
        show(error.message, "error");
        return;
      }
    }
    whenShown(begin(), unsent);
  }

  load();
})();
