/* jiesu 接诉 — the citizens' chat page: sends each message to POST /v1/chat (the API forwards it
 * to the Rasa bot) and shows the replies. Text goes into the page only as text nodes. */
(function () {
  "use strict";

  var SENDER_KEY = "jiesu.chat.sender";
  var log = document.getElementById("chat-log");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");
  var send = document.getElementById("chat-send");
  var statusLine = document.getElementById("chat-status");
  var busy = false;

  function newSender() {
    var id = (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
      : String(Date.now()) + "-" + Math.random().toString(36).slice(2);
    id = id.replace(/[^A-Za-z0-9_-]/g, "");
    try { sessionStorage.setItem(SENDER_KEY, id); } catch (e) { /* private mode: this page only */ }
    return id;
  }
  function sender() {
    try { return sessionStorage.getItem(SENDER_KEY) || newSender(); } catch (e) { return newSender(); }
  }
  var senderId = sender();

  function bubble(kind, text) {
    var li = document.createElement("li");
    li.className = "chat-msg " + kind;
    if (text) li.appendChild(document.createTextNode(text));
    log.appendChild(li);
    li.scrollIntoView({ block: "end" });
    return li;
  }

  function setBusy(on) {
    busy = on;
    send.disabled = on;
    statusLine.hidden = !on;
    statusLine.textContent = on ? "智能助手正在输入…" : "";
  }

  function showReplies(messages) {
    if (!messages.length) {
      bubble("bot", "（智能助手没有回复，请换个说法试试。）");
      return;
    }
    messages.forEach(function (m) {
      var li = bubble("bot", m.text || "");
      if (m.buttons && m.buttons.length) {
        var row = document.createElement("div");
        row.className = "chat-buttons";
        m.buttons.forEach(function (b) {
          var btn = document.createElement("button");
          btn.type = "button";
          btn.textContent = b.title;
          btn.addEventListener("click", function () {
            if (busy) return;
            Array.prototype.forEach.call(row.querySelectorAll("button"), function (x) { x.disabled = true; });
            say(b.payload, b.title);
          });
          row.appendChild(btn);
        });
        li.appendChild(row);
      }
    });
  }

  function errorText(status, body) {
    var err = body && body.error;
    if (err && err.zh) return err.zh;
    if (status === 0) return "网络连接失败，请检查网络后重试，或直接拨打12345热线。";
    return "出错了（" + status + "），请稍后再试，或直接拨打12345热线。";
  }

  function say(message, shown) {
    if (busy || !message) return;
    bubble("user", shown || message);
    setBusy(true);
    fetch("/v1/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: senderId, message: message })
    }).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (body) {
        if (!r.ok) throw { status: r.status, body: body };
        showReplies((body && body.messages) || []);
      });
    }).catch(function (e) {
      bubble("error", errorText(e && e.status !== undefined ? e.status : 0, e && e.body));
    }).then(function () {
      setBusy(false);
      input.focus();
    });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = input.value.trim();
    if (!text || busy) return;
    input.value = "";
    say(text);
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });
  document.getElementById("chat-restart").addEventListener("click", function () {
    senderId = newSender();
    while (log.firstChild) log.removeChild(log.firstChild);
    bubble("bot", "已开始新的对话。请问您要反映什么问题？");
    input.focus();
  });

  bubble("bot", "请直接描述您要反映的问题（什么事、在哪里、什么时间），或输入工单编号查询办理进度。");
  input.focus();
})();
