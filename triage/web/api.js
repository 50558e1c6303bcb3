/* jiesu 接诉 — shared helpers for the pages: the token, /v1 calls, safe DOM building.
 *
 * Every piece of data goes into the page through text nodes (el(), setText()); nothing from the
 * API is ever assigned to innerHTML, so a complaint that contains markup stays text.
 */
(function () {
  "use strict";

  var TOKEN_KEY = "jiesu.token";
  var ROLE_NAMES = { operator: "坐席", supervisor: "主管", bot: "机器人" };

  function token() {
    try { return sessionStorage.getItem(TOKEN_KEY) || ""; } catch (e) { return ""; }
  }
  function setToken(t) { sessionStorage.setItem(TOKEN_KEY, t); }
  function clearToken() { sessionStorage.removeItem(TOKEN_KEY); }

  /* el("div", {class: "x", text: "…", on: {click: fn}, attrs: {...}}, child, [children], "text") */
  function el(tag, props) {
    var node = tag.indexOf(":") > 0
      ? document.createElementNS("http://www.w3.org/2000/svg", tag.split(":")[1])
      : document.createElement(tag);
    props = props || {};
    Object.keys(props).forEach(function (k) {
      var v = props[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = String(v);
      else if (k === "class") node.setAttribute("class", v);
      else if (k === "on") Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); });
      else if (k === "style") Object.keys(v).forEach(function (p) { node.style.setProperty(p, v[p]); });
      else if (k === "attrs") Object.keys(v).forEach(function (a) {
        if (v[a] !== null && v[a] !== undefined && v[a] !== false) node.setAttribute(a, String(v[a]));
      });
      else node[k] = v; // properties such as value, type, disabled, href
    });
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function replace(node) {
    clear(node);
    for (var i = 1; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function $(id) { return document.getElementById(id); }

  /* An API error: status, Chinese and English message, details. */
  function ApiError(status, zh, en, details) {
    this.status = status; this.zh = zh; this.en = en; this.details = details;
    this.message = zh + " / " + en;
  }
  ApiError.prototype = Object.create(Error.prototype);

  var onUnauthorized = null;

  /* fetch /v1…: JSON in and out; throws ApiError (401 also reopens the login box). */
  function api(path, opts) {
    opts = opts || {};
    var url = path;
    if (opts.params) {
      var q = new URLSearchParams();
      Object.keys(opts.params).forEach(function (k) {
        var v = opts.params[k];
        if (v !== null && v !== undefined && v !== "") q.append(k, v);
      });
      var qs = q.toString();
      if (qs) url += "?" + qs;
    }
    var headers = { "Accept": "application/json", "Authorization": "Bearer " + token() };
    var init = { method: opts.method || "GET", headers: headers, cache: "no-store" };
    if (opts.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(opts.body);
    }
    return fetch(url, init).then(function (r) {
      return r.text().then(function (txt) {
        var data = null;
        try { data = txt ? JSON.parse(txt) : null; } catch (e) { data = null; }
        if (r.ok) return data;
        var err = (data && data.error) || {};
        var e = new ApiError(r.status, err.zh || ("请求失败（" + r.status + "）"),
                             err.en || ("request failed (" + r.status + ")"), err.details);
        if (r.status === 401 && onUnauthorized) onUnauthorized(e);
        throw e;
      });
    }, function () {
      throw new ApiError(0, "无法连接服务器", "cannot reach the server");
    });
  }

  /* The error's own messages; for a 422, the reasons our validators gave (the details' msg that
   * carry Chinese, e.g. "投诉内容没有文字 / text has no letters or digits"), not only the generic line. */
  function errText(e) {
    if (!(e instanceof ApiError)) return String(e && e.message || e);
    var why = (Array.isArray(e.details) ? e.details : []).map(function (d) {
      return String(d && d.msg || "").replace(/^Value error, /, "").split(" / ")[0];
    }).filter(function (m) { return /[\u4e00-\u9fff]/.test(m); });
    if (why.length) return why.filter(function (m, i) { return why.indexOf(m) === i; }).join("；");
    return e.zh;   // the pages speak Chinese only (an operator tester read 案件不存在（case not found）)
  }

  var toastTimer = null;
  function toast(msg, kind) {
    var t = $("toast");
    if (!t) return;
    t.textContent = msg;
    t.className = "toast show " + (kind || "ok");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.className = "toast"; }, kind === "error" ? 7000 : 3500);
  }

  function pct(x, digits) {
    if (x === null || x === undefined || isNaN(x)) return "—";
    return (x * 100).toFixed(digits === undefined ? 1 : digits) + "%";
  }

  /* A labelled confidence bar (0–1). */
  function bar(value, cls) {
    var v = Math.max(0, Math.min(1, Number(value) || 0));
    var fill = el("span", { class: "bar-fill" });
    fill.style.width = (v * 100).toFixed(1) + "%";
    return el("span", { class: "bar " + (cls || ""), attrs: { role: "meter", "aria-valuemin": 0,
      "aria-valuemax": 100, "aria-valuenow": Math.round(v * 100) } }, fill);
  }

  /* ISO time → "2026-03-01 23:30" in Beijing time (the hotline's clock). */
  function fmtTime(iso) {
    if (!iso) return "—";
    var d = new Date(iso);
    if (isNaN(d.getTime())) return String(iso);
    var b = new Date(d.getTime() + 8 * 3600 * 1000);
    function p(n) { return n < 10 ? "0" + n : "" + n; }
    return b.getUTCFullYear() + "-" + p(b.getUTCMonth() + 1) + "-" + p(b.getUTCDate()) + " " +
      p(b.getUTCHours()) + ":" + p(b.getUTCMinutes());
  }

  /* ``s`` shortened to at most ``n`` characters and "…": at the last clause break (，。！？；、 or a
   * space) in its last quarter where there is one, else at ``n``; whole when it fits. A fixed cut
   * can reverse a complaint (老板联系不上 → 老板联系…) or split a place (昌平区回龙…). Counts code
   * points, so an emoji is never halved. */
  var CLAUSE_BREAK = /[，。！？；、：,!?;\s]/;
  var TRAILING_BREAKS = /[，。！？；、：,!?;\s]+$/;
  function clip(s, n) {
    s = String(s || "");
    var chars = Array.from(s);
    if (chars.length <= n) return s;
    var cut = n;
    for (var i = n, lo = n - Math.max(4, Math.round(n / 4)); i > lo; i--) {
      // not the comma of a number (1,200)
      if (CLAUSE_BREAK.test(chars[i]) && !(chars[i] === "," && /\d/.test(chars[i - 1]) && /\d/.test(chars[i + 1] || ""))) {
        cut = i;
        break;
      }
    }
    var head = chars.slice(0, cut).join("").replace(TRAILING_BREAKS, "");
    return (head || chars.slice(0, n).join("")) + "…";
  }

  /* A node with ``s`` clipped to ``n`` characters (``clip``); when cut, its whole text is the
   * tooltip. ``props`` as for el(). */
  function clipped(tag, props, s, n) {
    var full = String(s || ""), short = clip(full, n);
    var attrs = Object.assign({}, props && props.attrs, short !== full ? { title: full } : {});
    return el(tag, Object.assign({}, props, { text: short, attrs: attrs }));
  }

  /* The login box: asks for the token once, checks it with /v1/me, calls ready(me). */
  function login(ready, opts) {
    opts = opts || {};
    var box = $("login");
    var form = $("login-form");
    var input = $("login-token");
    var msg = $("login-msg");
    var who = $("who");

    function show(reason) {
      box.hidden = false;
      msg.textContent = reason || "";
      input.value = "";
      setTimeout(function () { input.focus(); }, 0);
    }
    function check() {
      return api("/v1/me").then(function (me) {
        box.hidden = true;
        if (who) replace(who, el("span", { class: "role role-" + me.role, text: ROLE_NAMES[me.role] || me.role }),
                         " ", me.name);
        ready(me);
      }, function (e) {
        if (e.status === 401) { clearToken(); show("令牌无效或已停用，请重新输入"); }
        else show(errText(e));
      });
    }
    onUnauthorized = function () {
      clearToken();
      show("登录已失效，请重新输入令牌");
    };
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var t = input.value.trim();
      if (!t) { msg.textContent = "请输入访问令牌"; return; }
      setToken(t);
      check();
    });
    var out = $("logout");
    if (out) out.addEventListener("click", function () {
      clearToken();
      if (who) clear(who);
      if (opts.onLogout) opts.onLogout();
      show("已退出");
    });
    if (token()) check(); else show("");
  }

  window.J = {
    api: api, ApiError: ApiError, errText: errText, el: el, clear: clear, replace: replace, $: $,
    toast: toast, pct: pct, bar: bar, fmtTime: fmtTime, clip: clip, clipped: clipped, login: login,
    token: token, ROLE_NAMES: ROLE_NAMES,
  };
})();
