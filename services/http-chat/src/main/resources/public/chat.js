// The web chat page: posts to /api/chat and shows the conversation. No build step, no inline script.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const user = document.getElementById("user");
  const send = document.getElementById("send");

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

  async function ask(message) {
    const response = await fetch("api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ userId: user.value.trim(), message: message })
    });
    let body = null;
    try { body = await response.json(); } catch (e) { /* not JSON: reported below */ }
    if (!response.ok) {
      throw new Error(body && body.message ? body.message : "HTTP " + response.status);
    }
    return body;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const message = input.value.trim();
    if (!message) { return; }
    show(message, "person");
    input.value = "";
    send.disabled = true;
    try {
      const answer = await ask(message);
      show(answer.reply, answer.offline ? "artie offline" : "artie");
    } catch (error) {
      show(error.message, "error");
    } finally {
      send.disabled = false;
      input.focus();
    }
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
