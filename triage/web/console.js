/* jiesu 接诉 — operator console: queue → case → accept (one key) or correct → next case. */
(function () {
  "use strict";
  var el = J.el, $ = J.$;

  var CHANNELS = { phone: "电话", web: "网站", bot: "机器人" };
  var ENTITY_KINDS = {
    district: "区", street: "街道/乡镇", community: "社区", road: "道路", place: "地点", address: "地址",
    time: "时间", object: "对象", pii: "个人信息（已脱敏）",
  };
  // nlu.pii's placeholders: only these are personal data masked by the pipeline
  var PII_PLACEHOLDERS = /<(?:手机号|座机号|身份证号|银行卡号|邮箱)>/g;
  var QUEUE_PAGE = 100;  // the oldest 100 undecided cases are listed; the count says how many wait
  var DEPT_SEP = " — ";   // between the acting unit and its city-level department
  var STATUSES = ["已受理", "已派单", "办理中", "已办结"];  // the only order a case moves in (one step)
  var CLOSED = "已办结";
  var WITHDRAWN = "已撤销";  // 撤单: from any open status, with its reason; final like 已办结
  function finished(c) { return !!c && (c.status === CLOSED || c.status === WITHDRAWN); }
  // a note's label: the citizen's own (through the bot) or what staff recorded of a call
  function noteLabel(n) {
    if (n.author === "市民") return { "补充": "市民补充（在线）", "撤销申请": "市民申请撤销（在线）" }[n.kind] || n.kind;
    return { "补充": "市民来电补充", "撤销申请": "市民来电申请撤销", "备注": n.author + "备注",
             "撤销": "撤销工单" }[n.kind] || n.kind;
  }
  var AT_DEPARTMENT = ["已派单", "办理中"];  // sent to its department: a new one is 改派 (redispatch)
  var SATISFACTIONS = ["满意", "基本满意", "不满意"];
  var SEARCH_PAGE = 20;
  // the numbers nlu.urgency's advice gives the citizen, named for the operator's first call
  var EMERGENCY_LINES = { "96777": "燃气抢修", "119": "火警", "110": "报警", "120": "急救",
                          "95598": "供电抢修", "96116": "自来水抢修" };

  var state = {
    me: null,
    departments: [],   // [{code, name, duties}]
    deptNames: {},     // code → name
    categories: [],    // labels of the running model
    queue: [],         // undecided 已受理 cases, oldest first (the first QUEUE_PAGE)
    queueTotal: 0,     // how many undecided 已受理 cases there are
    current: null,     // {kind: "case", case} | {kind: "preview", triage}
    busy: false,
    opening: null,     // the id of the case being opened (the last one asked for)
    lastDecided: null, // {id, number} of the case just decided, while the next one opened by itself is shown
    caseUnits: {},     // code → unit for the case shown: its decided department's handled_by
    search: null,      // {params, items, total, page} while search results are shown
  };

  // -- start ----------------------------------------------------------------------------------

  document.addEventListener("DOMContentLoaded", function () {
    $("queue-refresh").addEventListener("click", function () { loadQueue(); });
    $("open-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var ref = $("open-ref").value.trim();
      if (!ref) { $("open-ref").focus(); return; }
      openCase(ref).then(function () {
        var c = state.current && state.current.kind === "case" ? state.current.case : null;
        if (c && (c.number === ref || String(c.id) === ref)) $("open-ref").value = "";
      });
    });
    $("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search(); });
    $("search-clear").addEventListener("click", clearSearch);
    $("search-more").addEventListener("click", function () { search({ more: true }); });
    $("paste-form").addEventListener("submit", function (ev) { ev.preventDefault(); fileCase(); });
    $("btn-preview").addEventListener("click", previewPaste);
    document.addEventListener("keydown", onKey);
    J.login(start, { onLogout: function () { state.me = null; J.clear($("queue")); clearSearch(); showEmpty(); } });
    setInterval(function () {
      if (state.me && !state.busy && document.visibilityState === "visible") loadQueue({ quiet: true });
    }, 60000);
  });

  function start(me) {
    state.me = me;
    if (me.role === "bot") {
      J.replace($("case-view"), el("div", { class: "empty error-text",
        text: "机器人令牌不能使用坐席工作台，请使用坐席或主管令牌" }));
      return;
    }
    Promise.all([
      J.api("/v1/departments").then(function (d) {
        state.departments = d.departments;
        state.deptNames = {};
        d.departments.forEach(function (x) { state.deptNames[x.code] = x.name; });
      }),
      J.api("/v1/categories").then(function (c) { state.categories = c.categories; }),
    ]).catch(function (e) { J.toast("菜单加载失败：" + J.errText(e), "error"); })
      .then(function () {
        // a case opened before the menus arrived (a search, a number) gets its full dropdowns
        if (state.current && state.current.kind === "case" && !state.opening) renderCurrent({ auto: true });
        return loadQueue();
      })
      .then(function () {
        if (!state.current && !state.opening && state.queue.length) openCase(state.queue[0].id, { auto: true });
      });
  }


  // -- departments: the acting unit first -----------------------------------------------------

  /* A suggested department of the triage ``t`` ({code, name, unit, …}), or null. The unit is the
   * office that acts at the complaint's level (朝阳区城市管理委（城管执法局）), the name its
   * city-level department (市城市管理委(城管执法局)). */
  function suggestedDept(t, code) {
    var ds = (t && t.departments) || [];
    for (var i = 0; i < ds.length; i++) if (ds[i].code === code) return ds[i];
    return null;
  }
  function deptName(code) { return state.deptNames[code] || code || "—"; }
  /* The unit a department acts by: the suggestion's, else the API's ``handled_by`` for the case's
   * decided department (one the triage did not list: a tester's correction to the street level read
   * 属地街道办事处/乡镇人民政府 instead of 朝阳区劲松街道办事处). */
  function unitOf(t, d, code) {
    return (d && d.unit) || state.caseUnits[code] || (t && t.units && t.units[code]) || null;
  }
  function deptUnit(t, code) {
    var d = suggestedDept(t, code);
    return unitOf(t, d, code) || (d && d.name) || deptName(code);
  }
  /* "unit — name" where they differ (a dropdown option, a toast), else the name. */
  function deptText(t, code) {
    var d = suggestedDept(t, code), name = (d && d.name) || deptName(code), unit = unitOf(t, d, code) || name;
    return unit !== name ? unit + DEPT_SEP + name : name;
  }
  /* The unit in bold (``chosen``: the one an operator picked), the city-level department after it in grey. */
  function deptNodes(t, code, chosen) {
    var d = suggestedDept(t, code), name = (d && d.name) || deptName(code), unit = chosen || unitOf(t, d, code) || name;
    return [el("b", { class: "dept-unit", text: unit }),
            unit !== name ? el("span", { class: "muted dept-name", text: DEPT_SEP + name }) : null];
  }

  // -- queue ----------------------------------------------------------------------------------

  /* Undecided cases with status 已受理, oldest first: the server filters them (``decided=false``),
   * however many decided cases are still 已受理. */
  function loadQueue(opts) {
    opts = opts || {};
    return J.api("/v1/cases", { params: { status: "已受理", decided: "false", order: "oldest", page: 1,
                                          page_size: QUEUE_PAGE, brief: "true" } })
      .then(function (res) {
        state.queue = res.items;
        state.queueTotal = res.total;
        renderQueue();
      }, function (e) {
        if (!opts.quiet && e.status !== 401) J.toast("队列加载失败：" + J.errText(e), "error");
      });
  }

  function renderQueue() {
    var list = J.clear($("queue"));
    var more = state.queueTotal > state.queue.length ? " / 共 " + state.queueTotal : "";
    $("queue-count").textContent = state.queue.length ? "（" + state.queue.length + more + "）" : "";
    if (!state.queue.length) {
      list.appendChild(el("li", { class: "queue-empty", text: "暂无待分拣案件" }));
      return;
    }
    var curId = currentId();
    state.queue.forEach(function (c) { list.appendChild(el("li", {}, caseItem(c, curId))); });
  }

  function currentId() {
    return state.current && state.current.kind === "case" ? state.current.case.id : null;
  }

  /* One case in a list (the queue, search results); ``full`` adds its status and triage, its
   * department named by the acting unit where the case carries it (``units``, see slim). */
  function caseItem(c, curId, full) {
    var dept = c.decided_department || c.suggested_department;
    var urgent = c.urgent && !finished(c);  // a danger now: red, and first in the queue (the API's order)
    return el("button", {
      type: "button", class: "queue-item" + (urgent ? " urgent" : "") + (c.id === curId ? " active" : ""),
      attrs: { "data-case-id": c.id, "aria-current": c.id === curId ? "true" : null },
      on: { click: function () { openCase(c.id); } },
    },
      el("span", { class: "q-top" },
        el("span", { class: "q-number", text: c.number }),
        // in words, not colour alone; a closed case's danger is past: the same words, grey
        c.urgent ? el("span", { class: "badge urgent" + (urgent ? "" : " past"), text: "紧急·" + c.urgent }) : null,
        // a priority case (群体性欠薪 …): after the dangers, before the rest of the queue (tester52 W13)
        c.priority && !c.urgent ? el("span", { class: "badge priority" + (finished(c) ? " past" : ""),
                                               text: "重点·" + c.priority }) : null,
        full ? el("span", { class: "badge status", text: c.status }) : null,
        // the flag is a hand-off, or the citizen asking to withdraw (the case view says which, too)
        c.flagged ? el("span", { class: "badge warn", text: c.flag_reason || "转人工" }) : null,
        el("span", { class: "q-channel", text: CHANNELS[c.channel] || c.channel })),
      J.clipped("span", { class: "q-text" }, c.title || c.text, 60),
      el("span", { class: "q-meta" },
        el("span", { text: J.fmtTime(c.time || c.created_at) }),
        full && dept ? el("span", { class: "tag", attrs: { title: deptName(dept) },
          text: (c.decided_department ? "" : "建议 ") + ((c.units && c.units[dept]) || deptName(dept)) }) :
          c.suggested_category ? el("span", { class: "tag", text: c.suggested_category }) : null));
  }

  // -- search ---------------------------------------------------------------------------------

  /* GET /v1/cases with the keyword (number, text, contact, address) and filters, newest first;
   * 显示更多 fetches the next page. */
  function search(opts) {
    opts = opts || {};
    var params;
    if (opts.more || opts.again) {
      if (!state.search) return Promise.resolve();
      params = state.search.params;
    } else {
      params = { q: $("search-q").value.trim(), status: $("search-status").value,
                 decided: $("search-decided").value };
    }
    var page = opts.more ? state.search.page + 1 : 1;
    var pages = opts.again ? Math.min(state.search.page, 100 / SEARCH_PAGE) : 1;  // a refresh keeps what was shown
    // not brief: a brief case has no suggestion, and so no unit (朝阳区市场监管局) for its department
    return J.api("/v1/cases", { params: { q: params.q, status: params.status, decided: params.decided,
                                          page: page, page_size: SEARCH_PAGE * pages, order: "newest" } })
      .then(function (res) {
        res.items = res.items.map(slim);
        if (opts.more) {
          state.search.items = state.search.items.concat(res.items);
          state.search.page = page;
          state.search.total = res.total;
        } else {
          state.search = { params: params, items: res.items, total: res.total, page: pages };
        }
        renderSearch();
      }, function (e) {
        if (!opts.again) J.toast("搜索失败：" + J.errText(e), "error");
      });
  }

  /* A listed case without its bulky parts: its suggested departments' units kept as code → unit. */
  function slim(c) {
    var units = {};
    ((c.suggestion && c.suggestion.departments) || []).forEach(function (d) {
      if (d && d.code && d.unit) units[d.code] = d.unit;
    });
    if (c.decided_department && c.handled_by) units[c.decided_department] = c.handled_by;
    return Object.assign({}, c, { suggestion: null, raw_text: null, raw_title: null, decisions: null,
                                  text: (c.text || "").slice(0, 200), units: units });
  }

  function clearSearch() {
    state.search = null;
    $("search-q").value = "";
    $("search-status").value = "";
    $("search-decided").value = "";
    renderSearch();
  }

  function renderSearch() {
    var s = state.search, panel = $("search-panel"), list = J.clear($("search-results"));
    panel.hidden = !s;
    $("search-clear").hidden = !s;
    $("search-more").hidden = !s || s.items.length >= s.total;
    if (!s) return;
    var what = [s.params.q ? "“" + s.params.q + "”" : "", s.params.status,
                s.params.decided === "true" ? "已分拣" : s.params.decided === "false" ? "未分拣" : ""]
      .filter(Boolean).join(" · ");
    $("search-count").textContent = "（" + (s.items.length < s.total ? s.items.length + " / 共 " : "") +
      s.total + " 件" + (what ? "：" + what : "") + "）";
    if (!s.items.length) {
      list.appendChild(el("li", { class: "queue-empty", text: "没有符合条件的案件" }));
      return;
    }
    var curId = currentId();
    s.items.forEach(function (c) { list.appendChild(el("li", {}, caseItem(c, curId, true))); });
  }

  function nextInQueue(afterId) {
    var q = state.queue;
    if (!q.length) return null;
    var i = q.findIndex(function (c) { return c.id === afterId; });
    return i >= 0 && i + 1 < q.length ? q[i + 1] : q[0].id === afterId ? null : q[0];
  }

  function dropFromQueue(id) {
    var before = state.queue.length;
    state.queue = state.queue.filter(function (c) { return c.id !== id; });
    state.queueTotal = Math.max(state.queue.length, state.queueTotal - (before - state.queue.length));
    renderQueue();
  }

  function goNext(afterId) {
    var n = nextInQueue(afterId);
    if (n) return openCase(n.id, { auto: true });
    state.current = null;
    showEmpty("队列已处理完。新案件到达后点击“刷新”。");
    return loadQueue({ quiet: true }).then(function () {
      if (!state.current && !state.opening && state.queue.length) return openCase(state.queue[0].id, { auto: true });
    });
  }

  // -- cases ----------------------------------------------------------------------------------

  /* The case opened last wins: a slower answer for a case opened before it (the queue's first
   * case, opened on start while the operator already clicked another) must not replace the view
   * the operator is working in. */
  function openCase(id, opts) {
    if (!(opts && opts.auto)) state.lastDecided = null;   // a case the operator chose: no way back to offer
    state.opening = id;
    setBusy(true);
    return J.api("/v1/cases/" + encodeURIComponent(id)).then(function (c) {
      if (state.opening !== id) return;
      state.current = { kind: "case", case: c };
      renderCurrent(opts);
      renderQueue();
      renderSearch();
    }, function (e) {
      if (state.opening === id) J.toast("案件加载失败：" + J.errText(e), "error");
    }).then(function () { if (state.opening === id) { state.opening = null; setBusy(false); } });
  }

  function pasteBody() {
    var body = { text: $("paste-text").value, channel: $("paste-channel").value };
    var contact = $("paste-contact").value.trim(), address = $("paste-address").value.trim();
    if (contact) body.contact = contact;
    if (address) body.address = address;
    return body;
  }

  function pasteOk() {
    var text = $("paste-text").value;
    var why = !text.trim() ? "请先填写投诉内容"
      // emoji or punctuation only, as the API says it (a tester read "empty" for 😭😭)
      : !/[\p{L}\p{N}]/u.test(text) ? "投诉内容没有文字（只有表情或符号）/ the text has no letters or digits" : "";
    if (why) {
      J.toast(why, "error");
      $("paste-text").focus();
      return false;
    }
    return true;
  }

  function previewPaste() {
    if (!pasteOk() || state.busy) return;
    setBusy(true);
    // the address field as filing reads it: a preview and the case it becomes agree (a tester's did not)
    var body = { text: $("paste-text").value }, addr = $("paste-address").value.trim();
    if (addr) body.address = addr;
    J.api("/v1/triage", { method: "POST", body: body }).then(function (t) {
      state.current = { kind: "preview", triage: t };
      renderCurrent();
      renderQueue();
    }, function (e) { J.toast("分析失败：" + J.errText(e), "error"); })
      .then(function () { setBusy(false); });
  }

  function fileCase() {
    if (!pasteOk() || state.busy) return;
    setBusy(true);
    J.api("/v1/cases", { method: "POST", body: pasteBody() }).then(function (c) {
      J.toast("已立案：" + c.number);
      ["paste-text", "paste-contact", "paste-address"].forEach(function (id) { $(id).value = ""; });
      $("paste-panel").open = false;
      state.current = { kind: "case", case: c };
      renderCurrent();
      return loadQueue({ quiet: true });  // the new case joins the queue (and its count) at once
    }, function (e) { J.toast("立案失败：" + J.errText(e), "error"); })
      .then(function () { setBusy(false); });
  }

  /* While a call is out, the buttons that would start another are off, so a click is never dropped
   * unseen: 起草答复 clicked while the case shown was being read again did nothing at all (a failed
   * `make test` run: the operator clicked the case the console had just opened by itself). */
  function setBusy(b) {
    state.busy = b;
    document.body.classList.toggle("busy", b);
    document.querySelectorAll("#case-view button[data-busy]").forEach(function (btn) {
      btn.disabled = b || btn.hasAttribute("data-closed");  // a closed case's stay off
    });
  }

  /* The attributes of such a button: off while busy, and for good where ``off`` (a closed case). */
  function busyAttrs(off, attrs) {
    return Object.assign({ "data-busy": "1", "data-closed": off ? "1" : null }, attrs || {});
  }

  function showEmpty(text) {
    var v = $("case-view");
    v.removeAttribute("data-case-id");
    J.replace(v, el("div", { class: "empty", text: text || "从左侧队列选择案件，或展开“新建 / 粘贴投诉”录入诉求。" }));
  }

  // -- rendering --------------------------------------------------------------------------------

  /* ``opts.auto``: the console opened it by itself (on start, the next in the queue): the keys go
   * to the case only when the operator is not typing elsewhere (a search, a number), or their Enter
   * would decide a case they have not looked at. */
  function renderCurrent(opts) {
    var cur = state.current, view = $("case-view");
    if (!cur) return showEmpty();
    var c = cur.kind === "case" ? cur.case : null;
    // the same case drawn again (its status moved, a reload after 409): an unsaved reply stays
    var panel = $("reply-panel");
    var unsaved = c && panel && panel._unsaved && view.getAttribute("data-case-id") === String(c.id)
      ? panel._unsaved() : null;
    var t = c ? Object.assign({}, c.suggestion) : cur.triage;
    if (c && !t.masked_text) t.masked_text = c.text;
    state.caseUnits = caseUnits(c);
    if (c) view.setAttribute("data-case-id", c.id); else view.removeAttribute("data-case-id");

    var back = state.lastDecided && (!c || state.lastDecided.id !== c.id) ? state.lastDecided : null;
    J.replace(view,
      // after a decision the next case opens: say so, and offer the way back (a tester drafted a
      // reply on the next case, believing it was the one just decided)
      back ? el("div", { class: "alert info back-bar", attrs: { id: "back-bar" } },
        "已分拣 " + back.number + "，现在打开的是下一件。 ",
        el("button", { type: "button", class: "secondary small", attrs: { id: "btn-back" },
          text: "返回 " + back.number, on: { click: function () { openCase(back.id); } } })) : null,
      urgentBanner(t.urgent || (c && c.urgent ? { kind: c.urgent } : null), c),
      c ? caseHeader(c) : el("div", { class: "card case-head preview" },
        el("h2", { text: "分析预览（尚未立案）" }),
        el("p", { class: "hint", text: "此结果未保存。确认无误后点击“立案并分拣”，再确认分拣。" })),
      warnings(t, c),
      c ? decisionPanel(c, t) : el("div", { class: "card decision" },
        el("button", { type: "button", class: "primary", text: "立案并分拣",
          on: { click: fileCase } })),
      el("div", { class: "grid-2" },
        el("section", { class: "card text-card", attrs: { "aria-label": "投诉内容" } },
          el("h3", { text: "投诉内容（脱敏）" }),
          // the title once: the masked text starts with it when the case has one of its own
          c && c.title && (t.masked_text || "").indexOf(c.title) !== 0 ? el("p", { class: "case-title", text: c.title }) : null,
          el("p", { class: "complaint-text", attrs: { id: "complaint-text" } },
            highlight(t.masked_text || "", t.entities)),
          entityLegend(t.entities),
          c && c.raw_text && c.raw_text !== c.text ? el("details", { class: "raw" },
            el("summary", { text: "查看原文（含个人信息，仅坐席可见）" }),
            el("p", { class: "complaint-text", text: c.raw_text })) : null),
        el("section", { class: "card", attrs: { "aria-label": "分拣建议" } },
          el("h3", { text: "类别建议" }),
          rankList(t.categories || [], function (x) {
            return x.stated ? x.label + "（市民确认）" : x.repeat_of && x.repeat_of.length ? x.label + "（重复件已确认）" : x.label; }, "categories"),
          el("h3", { text: "承办部门建议" }),
          departmentList(t.departments || []))),
      c ? notesPanel(c) : null,
      c ? replyPanel(c, unsaved) : null,
      similarCases(t.similar_cases || []),
      regulations(t.regulations || [], t.similar_cases || []),
      c && c.decisions && c.decisions.length ? decisionHistory(c.decisions, t) : null);
    view.scrollTop = 0;
    window.scrollTo(0, 0);
    if (c && !(opts && opts.auto && typingElsewhere())) view.focus({ preventScroll: true });  // Enter / A now decide
  }

  function caseUnits(c) {
    var out = {};
    if (c && c.decided_department && c.handled_by) out[c.decided_department] = c.handled_by;
    return out;
  }

  function typingElsewhere() {
    var a = document.activeElement;
    return !!a && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName) && !$("case-view").contains(a);
  }

  function caseHeader(c) {
    function field(k, v) { return v ? el("div", { class: "kv" }, el("dt", { text: k }), el("dd", { text: v })) : null; }
    return el("div", { class: "card case-head" },
      el("h2", {}, el("span", { class: "case-number", text: c.number }),
        el("span", { class: "badge status", text: c.status })),
      el("dl", { class: "kvs" },
        field("渠道", CHANNELS[c.channel] || c.channel),
        field("诉求时间", J.fmtTime(c.time)),
        field("立案时间", J.fmtTime(c.created_at)),
        field("联系方式", c.contact),
        field("地址", c.address),
        field("模型版本", c.model_version)),
      statusControl(c));
  }

  // -- status and satisfaction (PATCH /v1/cases/{ref} with the version read) ---------------------

  function nextStatus(status) {
    var i = STATUSES.indexOf(status);
    return i >= 0 && i + 1 < STATUSES.length ? STATUSES[i + 1] : null;
  }

  function satisfactionSelect(id, current, placeholder) {
    var sel = el("select", { id: id, attrs: { "aria-label": "市民满意度" } });
    sel.appendChild(el("option", { value: "", text: placeholder, selected: !current }));
    SATISFACTIONS.forEach(function (x) { sel.appendChild(el("option", { value: x, text: x, selected: x === current })); });
    return sel;
  }

  /* The status steps; the one next step as a button (办结 with the citizen's satisfaction); on a
   * closed case, its satisfaction, recorded or changed. */
  function statusControl(c) {
    var nxt = nextStatus(c.status), cur = STATUSES.indexOf(c.status);
    var steps = el("ol", { class: "status-steps", attrs: { "aria-label": "办理状态" } }, STATUSES.map(function (x, i) {
      return el("li", { class: i < cur ? "done" : i === cur ? "current" : "",
        attrs: { "aria-current": i === cur ? "step" : null }, text: x });
    }));
    var msg = el("span", { id: "status-msg", class: "muted", attrs: { role: "status" } });
    var box = el("div", { class: "status-control", attrs: { id: "status-control", "data-status": c.status } }, steps);
    if (c.status === WITHDRAWN) {
      var why = (c.notes || []).filter(function (n) { return n.kind === "撤销"; }).pop();
      box.appendChild(el("span", { class: "status-withdrawn", attrs: { id: "withdrawn-note" } },
        el("b", { text: "已撤销" }), why ? "：" + (why.raw_text || why.text) + "（" + J.fmtTime(why.created_at) + "）" : ""));
      box.appendChild(msg);
      return box;
    }
    if (nxt && nxt !== CLOSED) {
      var undecided = nxt === STATUSES[1] && !c.decided_department;
      box.appendChild(el("button", { id: "btn-status", type: "button", class: "secondary small",
        disabled: undecided || state.busy, attrs: busyAttrs(undecided, { "data-next": nxt }), text: "推进到“" + nxt + "”",
        on: { click: function () { advance(c, nxt, null); } } }));
      if (undecided) msg.textContent = "先确认分拣（承办部门），才能派单";
    } else if (nxt === CLOSED) {
      var sat = satisfactionSelect("close-satisfaction", null, "市民满意度…");
      sat.appendChild(el("option", { value: "none", text: "未能回访（暂不登记）" }));
      box.appendChild(el("span", { class: "status-close" }, sat,
        el("button", { id: "btn-status", type: "button", class: "secondary small", disabled: state.busy,
          attrs: busyAttrs(false, { "data-next": nxt }), text: "办结", on: { click: function () { advance(c, nxt, sat); } } })));
    } else {
      var rec = satisfactionSelect("satisfaction", c.satisfaction, "请选择");
      box.appendChild(el("span", { class: "status-close" },
        "满意度：", el("b", { attrs: { id: "satisfaction-value" }, text: c.satisfaction || "未登记" }), " ", rec,
        el("button", { id: "btn-satisfaction", type: "button", class: "secondary small", disabled: state.busy,
          attrs: busyAttrs(false), text: c.satisfaction ? "修改满意度" : "登记满意度",
          on: { click: function () { recordSatisfaction(c, rec); } } })));
    }
    if (c.status !== CLOSED) box.appendChild(withdrawControl(c));
    box.appendChild(msg);
    return box;
  }

  /* 撤销工单: an open case withdrawn (the citizen no longer wants it handled, checked by phone),
   * with the reason the API requires; it is final. */
  function withdrawControl(c) {
    var reason = el("input", { id: "withdraw-reason", maxLength: 2000, placeholder: "撤销原因（必填，如：回访核实，市民申请撤单）" });
    var form = el("span", { class: "withdraw-form", hidden: true }, reason,
      el("button", { id: "btn-withdraw-confirm", type: "button", class: "danger small", text: "确认撤销",
        disabled: state.busy, attrs: busyAttrs(false),
        on: { click: function () {
          if (state.busy) return;
          var why = reason.value.trim();
          if (!why) { setStatusMsg("请填写撤销原因", "error-text"); reason.focus(); return; }
          if (!window.confirm("撤销案件 " + c.number + "？\n撤销后不能再派单、办结或修改分拣。")) return;
          patchCase(c, { status: WITHDRAWN, reason: why }, "案件已撤销");
        } } }),
      el("button", { type: "button", class: "ghost small", text: "取消",
        on: { click: function () { form.hidden = true; open.hidden = false; } } }));
    var open = el("button", { id: "btn-withdraw", type: "button", class: "ghost small", text: "撤销工单…",
      on: { click: function () { open.hidden = true; form.hidden = false; reason.focus(); } } });
    return el("span", { class: "withdraw" }, open, form);
  }

  function advance(c, nxt, satSel) {
    if (state.busy) return;
    var body = { status: nxt };
    if (nxt === CLOSED) {
      if (!(c.reply_draft || "").trim()) {   // the API refuses it too (409)
        setStatusMsg("办结前请先保存给市民的答复", "error-text");
        var r = document.getElementById("reply-text");
        if (r) r.focus();
        return;
      }
      // the draft's facts still to fill: a reply that says them is no answer (the API refuses it too)
      if (/【待(填写|核实)：/.test(c.reply_draft)) {
        setStatusMsg("答复中还有【待填写/待核实】的内容，请填写后保存答复再办结", "error-text");
        var rt = document.getElementById("reply-text");
        if (rt) rt.focus();
        return;
      }
      var v = satSel ? satSel.value : "";
      if (!v) {
        setStatusMsg("请先选择市民满意度；未能回访的选“未能回访”", "error-text");
        if (satSel) satSel.focus();
        return;
      }
      if (v !== "none") body.satisfaction = v;
    }
    if (!window.confirm("将案件 " + c.number + " 由“" + c.status + "”改为“" + nxt + "”" +
        (body.satisfaction ? "，满意度“" + body.satisfaction + "”" : "") + "？\n状态只能向前推进，不能撤回。")) return;
    patchCase(c, body, "状态已改为“" + nxt + "”" + (body.satisfaction ? "，满意度：" + body.satisfaction : ""));
  }

  function recordSatisfaction(c, sel) {
    if (state.busy) return;
    if (!sel.value) { setStatusMsg("请选择满意度", "error-text"); sel.focus(); return; }
    if (sel.value === c.satisfaction) { setStatusMsg("满意度未改变：" + c.satisfaction, "muted"); return; }
    patchCase(c, { satisfaction: sel.value }, "满意度已登记：" + sel.value);
  }

  function setStatusMsg(text, cls) {
    var m = $("status-msg");
    if (m) { m.textContent = text; m.className = cls || "muted"; }
  }

  /* PATCH with the version read; the answer's status, satisfaction and version go into the case
   * shown (an unsaved reply stays). 409 (someone changed the case, or the move is not allowed):
   * the API's message, and the case is read again; another 4xx: the message only. */
  function patchCase(c, body, done) {
    body.version = c.version;
    setBusy(true);
    return J.api("/v1/cases/" + c.id, { method: "PATCH", body: body }).then(function (res) {
      setBusy(false);
      ["status", "satisfaction", "version", "flagged", "updated_at"].forEach(function (k) { c[k] = res[k]; });
      J.toast(done + "（" + c.number + "）");
      if (body.status === WITHDRAWN && currentId() === c.id) {  // its reason is a note: read it again
        search({ again: true });
        loadQueue({ quiet: true });  // a withdrawn case waits for nobody
        return openCase(c.id).then(function () { setStatusMsg(done, "ok-text"); });
      }
      if (currentId() === c.id) {
        renderCurrent();
        setStatusMsg(done, "ok-text");
      }
      search({ again: true });
    }, function (e) {
      setBusy(false);
      var why = J.errText(e);
      if (e.status === 409) {
        J.toast("未保存：" + why + "。已重新载入案件。", "error");
        return openCase(c.id).then(function () { setStatusMsg("未保存：" + why + "（已重新载入）", "error-text"); });
      }
      J.toast("未保存：" + why, "error");
      setStatusMsg("未保存：" + why, "error-text");
    });
  }

  /* A danger now (``urgent``: {kind, advice, words}): what and why, the safety advice for the
   * citizen, and whom to call before the case takes its usual course. The view's only alert: it is
   * read out when the case (or the typed complaint's analysis) is shown; a closed case's is not. */
  function urgentBanner(u, c) {
    if (!u || !u.kind) return null;
    var closed = finished(c);
    var nums = [];
    String(u.advice || "").replace(/\d{3,5}/g, function (n) {
      if (EMERGENCY_LINES[n] && nums.indexOf(n) < 0) nums.push(n);
      return n;
    });
    var lines = nums.map(function (n) { return EMERGENCY_LINES[n] + " " + n; }).join("、");
    return el("div", { class: "alert urgent" + (closed ? " past" : ""),
                       attrs: { id: "urgent-banner", role: closed ? null : "alert" } },
      el("p", { class: "urgent-head" }, el("b", { text: "紧急：" + u.kind }),
        u.words ? "（依据原话「" + u.words + "」）" : null,
        closed ? el("span", { class: "muted", text: "　案件" + c.status }) : null),
      u.advice ? el("p", { class: "urgent-advice" }, el("b", { text: "给市民的安全提示：" }), u.advice) : null,
      closed ? null : el("p", { class: "urgent-first", text: "请先联系应急处置单位" +
        (lines ? "（" + lines + "）" : "") + "，再按常规分拣派单。" }));
  }

  /* why a priority case goes first, for a stored case whose triage is not at hand (nlu.priority's reasons) */
  var PRIORITY_REASONS = {
    "群体性欠薪": "十人以上的欠薪：按急件当日转区人力社保局劳动保障监察（欠薪专班），勿按先后顺序排队",
    "老人被困楼上": "高龄或行动不便的人因电梯停运下不了楼：按急件当日派单、督促抢修电梯，勿按先后顺序排队",
  };

  function warnings(t, c) {
    var out = [];
    // 重点件 (``priority``): no danger now, but not to wait its turn (tester52 W13)
    var pr = t.priority || (c && c.priority ? { kind: c.priority } : null);
    if (pr && pr.kind && !t.urgent && !(c && (c.urgent || finished(c)))) out.push(el("div", {
      class: "alert priority", attrs: { id: "priority-banner" } },
      el("b", { text: "重点件：" + pr.kind }), pr.words ? "（依据原话「" + pr.words + "」）" : null,
      "　" + (pr.reason || PRIORITY_REASONS[pr.kind] || "请优先分拣派单")));
    // below the ask threshold: one case in five by design (the 80 % the model is surest of are above)
    // (not once an operator has decided the case, nor on a finished one: an operator tester saw it on closed cases)
    if (t.needs_clarification && !(c && (c.decided_department || finished(c)))) out.push(el("div", { class: "alert info", text:
      "类别把握不大：请核对类别，必要时向市民问清诉求细节。" }));
    // 疑似重复件 (triage ``repeats``): the same complaint filed before; merged, not dispatched twice (tester49 R22)
    var repeats = (t.repeats || []).filter(function (n) { return !c || n !== c.number; });
    if (repeats.length) out.push(el("div", { class: "alert info", attrs: { id: "repeats" } },
      el("b", { text: "疑似重复件：" }), "与已登记的工单 ",
      repeats.map(function (n, i) {
        return [i ? "、" : null, el("button", { class: "ghost small", attrs: { type: "button", "data-case": n }, text: n,
                                                on: { click: function () { openCase(n); } } })];
      }),
      " 内容相同或相近、地点相同。请核对：确是同一诉求的，在原工单备注后撤销本件（原因写明“重复件，并入 原工单编号”），不要重复派单。"));
    // 诉求类型 (nlu.request_kind): praise and questions are answered otherwise than complaints
    if (t.request_kind === "表扬") out.push(el("div", { class: "alert info", attrs: { id: "request-kind", "data-kind": "表扬" } },
      el("b", { text: "诉求类型：表扬。" }), "请转达被表扬人员所在单位并向市民致谢；答复草稿按致谢起草，不引用法规。"));
    else if (t.request_kind === "咨询") out.push(el("div", { class: "alert info", attrs: { id: "request-kind", "data-kind": "咨询" } },
      el("b", { text: "诉求类型：咨询。" }), "请答复政策（办理条件、材料、地点、流程）；答复草稿按答复咨询起草。"));
    else if (t.request_kind === "建议") out.push(el("div", { class: "alert info", attrs: { id: "request-kind", "data-kind": "建议" } },
      el("b", { text: "诉求类型：建议。" }), "请转有关单位研究，并把研究意见告诉市民；答复草稿按答复建议起草，不引用法规。"));
    var asked = c && !finished(c) ? (c.notes || []).filter(function (n) { return n.kind === "撤销申请"; }) : [];
    if (asked.length) {
      var last = asked[asked.length - 1];
      out.push(el("div", { class: "alert info", attrs: { id: "withdraw-asked" } },
        el("b", { text: "市民申请撤销：" }), "「" + (last.raw_text || last.text) + "」（" + J.fmtTime(last.created_at) +
        "）。请回访核实后点击“撤销工单”，或继续办理。"));
    } else if (c && c.flagged && c.flag_reason === "险情") {
      out.push(el("div", { class: "alert info", attrs: { id: "danger-noted" },
        text: "市民在登记过程中报告了险情（见下方市民补充）：请优先回访核实。" }));
    } else if (c && c.flagged) out.push(el("div", { class: "alert info", text: "机器人转人工：请优先处理。" }));
    return out;
  }

  /* The masked text with entities marked: at the offsets the pipeline gives (entities.spans);
   * for older stored suggestions without spans, where the grouped entity texts occur. PII
   * placeholders are always located by their fixed text. */
  function highlight(text, entities) {
    entities = entities || {};
    var spans = [];
    function free(s, e) {
      return spans.every(function (x) { return e <= x.start || s >= x.end; });
    }
    function add(s, e, kind, label) {
      if (s >= 0 && e <= text.length && s < e && free(s, e)) spans.push({ start: s, end: e, kind: kind, label: label });
    }
    var spanned = 0;
    if (Array.isArray(entities.spans)) {
      // offsets count code points (Python); JS strings index UTF-16 units: map them
      var cu = null;
      if (/[\uD800-\uDFFF]/.test(text)) {
        cu = [0];
        Array.from(text).forEach(function (ch) { cu.push(cu[cu.length - 1] + ch.length); });
      }
      entities.spans.slice().sort(function (x, y) { return (y.end - y.start) - (x.end - x.start); })
        .forEach(function (s) {
        if (typeof s.start !== "number" || typeof s.end !== "number") return;
        var a = cu ? cu[s.start] : s.start, b = cu ? cu[s.end] : s.end;
        if (a === undefined || b === undefined || text.slice(a, b) !== s.text) return;
        add(a, b, s.kind, s.value);
        spanned++;
      });
    }
    var needles = [];
    var addr = entities.address || {};
    Object.keys(addr).forEach(function (k) {
      var v = String(addr[k] || "");
      [v, v.replace(/^北京市/, "")].forEach(function (n) { needles.push({ text: n, kind: k, label: v }); });
    });
    (entities.times || []).forEach(function (x) {
      needles.push({ text: String(x.text || x), kind: "time", label: x.value || null });
    });
    (entities.objects || []).forEach(function (x) { needles.push({ text: String(x.text || x), kind: "object" }); });
    if (spanned) needles = [];  // the pipeline located them: don't guess more
    needles = needles.filter(function (n) { return n.text.length >= 2; })
      .sort(function (a, b) { return b.text.length - a.text.length; });
    needles.forEach(function (n) {
      var i = text.indexOf(n.text);
      while (i >= 0) { add(i, i + n.text.length, n.kind, n.label); i = text.indexOf(n.text, i + n.text.length); }
    });
    var re = PII_PLACEHOLDERS, m;
    re.lastIndex = 0;
    while ((m = re.exec(text)) !== null) add(m.index, m.index + m[0].length, "pii", null);

    spans.sort(function (a, b) { return a.start - b.start; });
    var out = [], pos = 0;
    spans.forEach(function (s) {
      if (s.start > pos) out.push(text.slice(pos, s.start));
      var name = ENTITY_KINDS[s.kind] || s.kind;
      out.push(el("mark", { class: "ent ent-" + s.kind, text: text.slice(s.start, s.end),
        attrs: { title: name + (s.label && s.label !== text.slice(s.start, s.end) ? "：" + s.label : ""),
                 "data-kind": s.kind } }));
      pos = s.end;
    });
    if (pos < text.length) out.push(text.slice(pos));
    return out;
  }

  function entityLegend(entities) {
    entities = entities || {};
    var items = [];
    var addr = entities.address || {};
    Object.keys(addr).forEach(function (k) {
      items.push(el("span", { class: "ent ent-" + k, text: (ENTITY_KINDS[k] || k) + "：" + addr[k] }));
    });
    (entities.times || []).forEach(function (x) {
      items.push(el("span", { class: "ent ent-time", text: "时间：" + (x.text || x) + (x.value ? "（" + x.value + "）" : "") }));
    });
    var conflict = entities.address_conflict;
    if (conflict && conflict.given && conflict.text) {
      items.push(el("span", { class: "ent ent-conflict", attrs: { id: "address-conflict" },
        text: "地址不一致：填写的是" + conflict.given + "，诉求文字提到" + conflict.text + "，请核实" }));
    }
    var issues = entities.issues || [];   // problems for different departments in one message
    if (issues.length >= 2) {
      items.push(el("span", { class: "ent ent-conflict", attrs: { id: "several-issues" },
        text: "含 " + issues.length + " 个诉求：" + issues.map(function (x, n) {
          var t = x.text.length > 24 ? x.text.slice(0, 24) + "…" : x.text;
          return "①②③④⑤⑥⑦⑧⑨"[n] + t + (x.department ? "（" + deptName(x.department) + "）" : "");
        }).join(" ") + "，请核实是否分别立案" }));
    }
    var learnt = entities.address_from_cases;   // the district past cases gave a place named alone
    if (learnt && learnt.district) {
      items.push(el("span", { class: "ent ent-learnt", attrs: { id: "address-from-cases" },
        text: "区县据已立案件推断：" + learnt.name + " → " + learnt.district +
          (learnt.street ? learnt.street.replace(learnt.district, "") : "") + "（" + learnt.cases + " 件），请核实" }));
    }
    if (entities.outside_beijing) {
      items.push(el("span", { class: "ent ent-conflict", attrs: { id: "outside-beijing" },
        text: "地点可能不在北京市（" + entities.outside_beijing + "），请核实属地" }));
    }
    var pii = entities.pii || {};
    var n = Object.keys(pii).reduce(function (s, k) { return s + pii[k]; }, 0);
    if (n) items.push(el("span", { class: "ent ent-pii", text: "已脱敏个人信息 " + n + " 处" }));
    return items.length ? el("div", { class: "legend" }, items) : null;
  }

  function rankList(items, label, id) {
    if (!items.length) return el("p", { class: "muted", text: "无" });
    return el("ol", { class: "rank", attrs: { id: id } }, items.map(function (x, i) {
      return el("li", { class: i === 0 ? "top" : "" },
        el("span", { class: "rank-label", text: label(x) }),
        J.bar(x.confidence),
        el("span", { class: "rank-pct", text: J.pct(x.confidence) }));
    }));
  }

  function departmentList(depts) {
    if (!depts.length) return el("p", { class: "muted", text: "无" });
    return el("ol", { class: "rank depts", attrs: { id: "departments" } }, depts.slice(0, 5).map(function (d, i) {
      var name = d.name || deptName(d.code), unit = d.unit || name;
      return el("li", { class: i === 0 ? "top" : "", attrs: { "data-code": d.code } },
        el("span", { class: "rank-label", attrs: { title: d.code } },
          el("span", { class: "dept-unit", text: unit }),
          unit !== name ? el("small", { class: "muted dept-name", text: name }) : null),
        J.bar(d.confidence),
        // the blend of every reason below (tester52 W16: read beside a reason's own probability)
        el("span", { class: "rank-pct", attrs: { title: "综合各项依据的把握度；下列依据中的概率、相似度是单项数值" },
                     text: "综合 " + J.pct(d.confidence) }),
        d.reasons && d.reasons.length ? el("ul", { class: "reasons" },
          d.reasons.map(function (r) { return el("li", { text: r }); })) : null);
    }));
  }

  function expandable(text, n, cls) {
    text = String(text || "");
    var short = J.clip(text, n);
    if (short === text) return el("p", { class: cls, text: text });
    return el("details", { class: "more " + (cls || "") },
      el("summary", { text: short }),
      el("p", { text: text }));
  }

  var SOURCE_NAMES = { replied: "留言答复", letters: "市长信箱", hot: "留言板", labelled: "标注留言",
                       db: "本系统案件", added: "补充案例" };

  /* A past case as an operator reads it (tester54 V12: past-97073 said nothing): a case of this
   * system by its number (工单JS…), another by the opening of its text when the similar cases
   * shown hold it (“楼下烧烤店油烟大”), else its id. As ``triage.routing.case_ref``. */
  function caseRef(id, sims) {
    id = String(id || "");
    if (id.indexOf("db-") === 0) return "工单" + id.slice(3);
    var s = (sims || []).filter(function (x) { return x && x.id === id; })[0];
    var gist = s && s.text ? String(s.text).trim().split(/[，。！？；,.!?;\s]/)[0] : "";
    if (gist.length < 4) return id;
    return "“" + (gist.length > 16 ? gist.slice(0, 16) + "…" : gist) + "”";
  }

  function similarCases(list) {
    return el("section", { class: "card", attrs: { id: "similar", "aria-label": "相似历史案例" } },
      el("h3", { text: "相似历史案例" }),
      !list.length ? el("p", { class: "muted", text: "无" }) :
        el("ol", { class: "similar" }, list.slice(0, 5).map(function (s) {
          var depts = (s.departments || []).map(function (code) { return state.deptNames[code] || code; });
          return el("li", {},
            el("div", { class: "sim-head" },
              el("span", { class: "sim-id", text: String(s.id || "").indexOf("db-") === 0 ? caseRef(s.id) : s.id }),
              el("span", { class: "tag", text: "相似度 " + Number(s.score || 0).toFixed(2) }),
              depts.length ? el("span", { class: "sim-dept" }, "承办：", el("b", { text: depts.join("、") }),
                s.departments_from === "reply_text" ? el("span", { class: "muted", text: "（据答复正文）" }) : null) :
                el("span", { class: "muted", text: s.source === "db" ? "尚未确认承办部门" : "承办部门未知" }),
              s.source ? el("span", { class: "muted sim-source", text: SOURCE_NAMES[s.source] || s.source }) : null),
            s.text ? expandable(s.text, 120, "sim-text") : null,
            s.reply ? el("div", { class: "reply" }, el("span", { class: "reply-label", text: "官方答复" }),
              expandable(s.reply, 160, "reply-text")) : null);
        })));
  }

  function regulations(list, sims) {
    return el("section", { class: "card", attrs: { id: "regulations", "aria-label": "相关法规条款" } },
      el("h3", { text: "相关法规条款" }),
      !list.length ? el("p", { class: "muted", text: "无" }) :
        el("ol", { class: "regs" }, list.map(function (r) {
          return el("li", { class: r.weak ? "weak" : "" },
            el("div", { class: "reg-head" },
              el("b", { class: "reg-law", text: "《" + r.law + "》" }),
              el("span", { class: "reg-article", text: r.article }),
              r.chapter ? el("span", { class: "muted", text: r.chapter }) : null),
            expandable(r.text, 200, "reg-text"),
            r.topic ? el("div", { class: "muted reg-why reg-topic",
              text: "知识库条目「" + r.topic + "」列出此条" }) : null,
            // found by its words alone: no entry lists it, few similar cases cite it
            r.weak ? el("div", { class: "muted reg-why reg-weak",
              text: "仅按文字相近检索到，相关度较低，仅供参考" }) : null,
            (r.similar_cases || []).length ? el("div", { class: "muted reg-why reg-cases",
              text: "相似案例 " + r.similar_cases.map(function (id) { return caseRef(id, sims); }).join("、") +
                " 也适用该法规" }) : null);
        })));
  }

  /* What was said after filing: the citizen's additions and withdrawal requests (through the bot,
   * or recorded here from a call), staff's remarks; a new one is added with POST …/notes. */
  function notesPanel(c) {
    var notes = c.notes || [];
    var kind = el("select", { id: "note-kind", attrs: { "aria-label": "记录类型" } });
    options(kind, [{ value: "备注", label: "备注" }, { value: "补充", label: "市民来电补充" },
                   { value: "撤销申请", label: "市民来电申请撤销" }], "备注");
    var text = el("input", { id: "note-text", maxLength: 20000, placeholder: "记录内容" });
    if (finished(c)) kind.disabled = true;  // only a remark on a finished case (the API says so too)
    function add(ev) {
      ev.preventDefault();
      if (state.busy) return;
      var v = text.value.trim();
      if (!v) { text.focus(); return; }
      setBusy(true);
      J.api("/v1/cases/" + c.id + "/notes", { method: "POST", body: { kind: kind.value, text: v } }).then(function () {
        setBusy(false);
        J.toast("已记录：" + c.number);
        return openCase(c.id);
      }, function (e) {
        setBusy(false);
        J.toast("未记录：" + J.errText(e), "error");
      });
    }
    return el("section", { class: "card", attrs: { id: "notes", "aria-label": "补充与备注" } },
      el("h3", { text: "补充与备注" }),
      notes.length ? el("ol", { class: "history notes" }, notes.map(function (n) {
        return el("li", { attrs: { "data-kind": n.kind } },
          el("span", { text: J.fmtTime(n.created_at) }), " ",
          el("span", { class: "badge " + (n.kind === "撤销申请" || n.kind === "撤销" ? "warn" : "ok"),
            text: noteLabel(n) }), " ", n.raw_text || n.text);
      })) : el("p", { class: "muted", text: "暂无" }),
      el("form", { class: "note-form", attrs: { id: "note-form", autocomplete: "off" }, on: { submit: add } },
        kind, text, el("button", { type: "submit", class: "secondary small", text: "记录", disabled: state.busy,
                                   attrs: busyAttrs(false) })));
  }

  function decisionHistory(ds, t) {
    return el("section", { class: "card", attrs: { id: "history" } },
      el("h3", { text: "分拣记录" }),
      el("ol", { class: "history" }, ds.map(function (d, i) {
        // a later decision that sends the case elsewhere is a 改派, whichever unit it goes to (tester54 V9: a
        // re-dispatch back to the suggested unit read 接受建议)
        var prev = i > 0 ? ds[i - 1] : null;
        var moved = prev && prev.decided_department && prev.decided_department !== d.decided_department;
        return el("li", {},
          el("span", { text: J.fmtTime(d.created_at) }), " ",
          d.user_name ? el("span", { class: "who", text: d.user_name }) : null, d.user_name ? " " : null,
          moved ? el("span", { class: "badge warn", text: "改派（原：" + deptText(t, prev.decided_department) + "）" }) :
            el("span", { class: "badge " + (d.accepted ? "ok" : "warn"), text: d.accepted ? "接受建议" : "修改" }), " ",
          d.decided_category || "—", " · ", d.decided_department ? deptText(t, d.decided_department) : "—",
          d.reason ? el("span", { class: "muted", text: "（" + d.reason + "）" }) : null);
      })));
  }

  // -- reply draft (答复意见) -----------------------------------------------------------------

  /* 起草答复 drafts from the case's stored triage (POST …/draft-reply); the operator edits the
   * text and 保存答复 stores it with the case (PUT …/reply, with the case version: 409 when
   * someone changed the case meanwhile; the edited text stays in the box). */
  function replyPanel(c, unsaved) {
    var closed = finished(c);
    var box = el("textarea", { id: "reply-text", rows: 16, maxLength: 20000, value: c.reply_draft || "",
      readOnly: closed,
      placeholder: "点击“起草答复”生成草稿，或直接录入答复意见；【待填写/待核实】处须由承办单位补充" });
    var status = el("span", { id: "reply-status", class: "muted", attrs: { role: "status" },
      text: closed ? "案件" + c.status + "，答复不能再修改" : c.reply_saved_at ? "已保存 " + J.fmtTime(c.reply_saved_at) : "" });
    var side = el("div", { id: "draft-side", class: "draft-side" },
      c.reply_draft ? savedSide(c.reply_draft, c) :
      el("p", { class: "hint", text: "起草后在此列出引用的法规条文（均已与知识库逐字核对）和须填写的事项。" }));
    var saved = c.reply_draft || "";
    function setStatus(text, cls) { status.textContent = text; status.className = cls || "muted"; }
    if (unsaved !== null && unsaved !== undefined && unsaved !== saved && !closed) {
      box.value = unsaved;
      setStatus("未保存的修改", "muted");
    }
    box.addEventListener("input", function () {
      if (box.value !== saved) setStatus("未保存的修改", "muted");
    });
    function draft() {
      if (state.busy) return;
      if (box.value.trim() && box.value !== saved &&
          !window.confirm("答复框中有未保存的修改，重新起草将覆盖。继续吗？")) return;
      setBusy(true);
      setStatus("正在起草…");
      J.api("/v1/cases/" + c.id + "/draft-reply", { method: "POST" }).then(function (d) {
        // the case drawn again meanwhile (clicked in the queue, a reload after a 409): the draft goes
        // into the box on the page, not into this panel no longer shown
        var live = card.isConnected ? card : $("reply-panel");
        if (live && live._takeDraft && $("case-view").getAttribute("data-case-id") === String(c.id)) {
          live._takeDraft(d);
        }
      }, function (e) {
        setStatus("起草失败", "error-text");
        J.toast("起草失败：" + J.errText(e), "error");
      }).then(function () { setBusy(false); });
    }
    function save() {
      if (state.busy) return;
      if (!box.value.trim()) { J.toast("答复内容为空", "error"); box.focus(); return; }
      setBusy(true);
      J.api("/v1/cases/" + c.id + "/reply", { method: "PUT", body: { text: box.value, version: c.version } })
        .then(function (res) {
          c.version = res.version;           // the decision form sends this version next
          c.reply_draft = res.reply_draft;
          c.reply_saved_at = res.reply_saved_at;
          c.updated_at = res.updated_at;
          saved = box.value = res.reply_draft || box.value;
          setStatus("已保存", "ok-text");
          J.toast("答复已保存：" + c.number);
        }, function (e) {
          if (e.status === 409) {
            setStatus("保存失败：案件已被他人修改", "error-text");
            J.toast("保存失败：案件已被他人修改（版本已变）。您的答复仍在框中，请先复制，刷新案件后再保存。", "error");
          } else {
            setStatus("保存失败", "error-text");
            J.toast("保存失败：" + J.errText(e), "error");
          }
        }).then(function () { setBusy(false); });
    }
    var card = el("section", { class: "card reply-card", attrs: { id: "reply-panel", "aria-label": "答复意见" } },
      el("div", { class: "panel-head" },
        el("h3", { text: "答复意见" }),
        el("span", { class: "spacer" }),
        el("button", { id: "btn-draft", type: "button", class: "secondary", text: "起草答复",
                       disabled: closed || state.busy, attrs: busyAttrs(closed), on: { click: draft } }),
        el("button", { id: "btn-save-reply", type: "button", class: "primary", text: "保存答复",
                       disabled: closed || state.busy, attrs: busyAttrs(closed), on: { click: save } }),
        status),
      el("div", { class: "grid-2 reply-grid" }, box, side));
    card._unsaved = function () { return box.value !== saved ? box.value : null; };
    card._takeDraft = function (d) {
      box.value = d.text;
      setStatus("草稿已生成，请核实并填写【】处后保存", "muted");
      J.replace(side, draftSide(d));
    };
    return card;
  }

  /* The side panel of a saved reply (tester52 W19: it went back to its hint after a reload, and 起草答复
   * offered to overwrite the edited text just to see the articles): the articles the saved text cites, with
   * their text where the case's triage holds them, and the 【待填写/待核实】 items still in it. */
  function savedSide(text, c) {
    var regs = ((c.suggestion || {}).regulations) || [];
    var cites = [], seen = {};
    String(text).replace(/《([^》]{2,60})》(第[零一二三四五六七八九十百千]+条)/g, function (m, law, article) {
      var key = law + article;
      if (!seen[key]) {
        seen[key] = true;
        var hit = regs.filter(function (r) { return r.law === law && r.article === article; })[0];
        cites.push({ law: law, article: article, text: hit ? hit.text : "" });
      }
      return m;
    });
    var holes = [];
    String(text).replace(/【待(?:填写|核实)：([^】]+)】/g, function (m, name) {
      if (holes.indexOf(name) < 0) holes.push(name);
      return m;
    });
    return [
      el("p", { class: "hint", text: "以下据已保存的答复列出；重新起草可再次逐字核对。" }),
      el("h4", { text: "答复中引用的条文" }),
      !cites.length ? el("p", { class: "muted", text: "答复中未引用条文" }) :
        el("ol", { class: "regs", attrs: { id: "draft-citations" } }, cites.map(function (x) {
          return el("li", {},
            el("div", { class: "reg-head" },
              el("b", { class: "reg-law", text: "《" + x.law + "》" }),
              el("span", { class: "reg-article", text: x.article })),
            x.text ? expandable(x.text, 120, "reg-text") : null);
        })),
      el("h4", { text: "待承办单位填写/核实" }),
      holes.length ? el("ul", { class: "placeholders", attrs: { id: "draft-placeholders" } },
        holes.map(function (p) { return el("li", { text: p }); })) :
        el("p", { class: "muted", attrs: { id: "draft-placeholders" }, text: "已全部填写" }),
    ];
  }

  function draftSide(d) {
    var dept = d.department;
    return [
      (d.warnings || []).length ? el("div", { class: "alert warn", attrs: { id: "draft-warnings" } },
        d.warnings.map(function (w) { return el("p", { text: "⚠ " + w.split(" / ")[0] }); })) : null,
      el("h4", { text: "承办单位" }),
      el("p", { text: dept ? dept.unit + (dept.unit !== dept.name ? "（" + dept.name + "）" : "") : "未确定" }),
      el("h4", { text: "引用条文（已逐字核对）" }),
      !d.citations.length ? el("p", { class: "muted", text: "无可核对的条文" }) :
        el("ol", { class: "regs", attrs: { id: "draft-citations" } }, d.citations.map(function (x) {
          return el("li", {},
            el("div", { class: "reg-head" },
              el("b", { class: "reg-law", text: "《" + x.law + "》" }),
              el("span", { class: "reg-article", text: x.article }),
              el("span", { class: "badge ok", text: "已核对" })),
            expandable(x.text, 120, "reg-text"));
        })),
      d.dropped_citations && d.dropped_citations.length ? el("p", { class: "hint",
        text: "未引用：" + d.dropped_citations.map(function (x) {
          // the reason the API gives, in Chinese (its part before " / ")
          var why = String(x.reason || "").split(" / ")[0];
          return "《" + x.law + "》" + x.article + (why ? "（" + why + "）" : ""); }).join("、") }) : null,
      el("h4", { text: "待承办单位填写/核实" }),
      el("ul", { class: "placeholders", attrs: { id: "draft-placeholders" } },
        d.placeholders.map(function (p) { return el("li", { text: p }); })),
      el("p", { class: "hint", text: d.structure_from.length
        ? "格式参照相似案例答复：" + d.structure_from.map(function (id) {
          var cur = state.current;
          return caseRef(id, cur && cur.case && cur.case.suggestion && cur.case.suggestion.similar_cases);
        }).join("、")
        : "格式参照历史答复中最常见的写法" }),
    ];
  }

  // -- decision -------------------------------------------------------------------------------

  function options(select, items, selected) {
    J.clear(select);
    items.forEach(function (it) {
      select.appendChild(el("option", { value: it.value, text: it.label, selected: it.value === selected }));
    });
  }

  /* Every department once: the suggested ones first, in their rank, named by the unit that acts
   * (朝阳区城市管理委（城管执法局） — 市城市管理委(城管执法局)); then the others by name. */
  function departmentOptions(select, t, sugDept, selected) {
    J.clear(select);
    var seen = {};
    function opt(code, label) {
      seen[code] = true;
      return el("option", { value: code, text: label, selected: code === selected });
    }
    var top = [];
    ((t && t.departments) || []).forEach(function (d) { if (d.code && top.indexOf(d.code) < 0) top.push(d.code); });
    if (sugDept && top.indexOf(sugDept) < 0) top.unshift(sugDept);
    var suggested = top.map(function (code) { return opt(code, (code === sugDept ? "★ " : "") + deptText(t, code)); });
    var rest = state.departments.filter(function (d) { return !seen[d.code]; })
      .map(function (d) { return opt(d.code, deptText(t, d.code)); });
    if (suggested.length) {
      select.appendChild(el("optgroup", { label: "建议承办单位" }, suggested));
      select.appendChild(el("optgroup", { label: "其他部门" }, rest));
    } else {
      rest.forEach(function (o) { select.appendChild(o); });
    }
  }

  /* What the case stands at: the suggestion while undecided; once decided, the decision, and
   * where it differs from the suggestion, what was suggested (已改为：… （建议为 …）). 已改为, not
   * 已改派: a case read back does not say whether its department changed before it was dispatched
   * (a correction) or after (改派, a re-dispatch: only the audit log records that), and most
   * corrections come before dispatch. */
  function decisionSummary(c, t) {
    var sugCat = c.suggested_category, sugDept = c.suggested_department;
    var decided = !!(c.decided_category || c.decided_department);
    var cat = c.decided_category || sugCat, dept = c.decided_department || sugDept;
    var line = el("div", { class: "suggested", attrs: { id: "decision-summary" } });
    if (!decided) {
      line.setAttribute("data-state", "suggested");
      J.replace(line, ["建议：", el("b", { text: sugCat || "—" }), " · ",
        sugDept ? deptNodes(t, sugDept) : el("b", { text: "—" })]);
      return line;
    }
    var catChanged = cat !== sugCat, deptChanged = dept !== sugDept;
    var chosen = c.decided_unit || null;   // a unit the operator picked (another district's, another unit)
    if (!catChanged && !deptChanged && !chosen) {
      line.setAttribute("data-state", "accepted");
      J.replace(line, ["已确认建议：", el("b", { text: cat || "—" }), " · ",
        dept ? deptNodes(t, dept) : el("b", { text: "—" }), el("span", { class: "badge ok", text: "已确认" })]);
      return line;
    }
    line.setAttribute("data-state", "corrected");
    var parts = [];
    if (deptChanged) {
      parts.push(el("span", { class: "changed-dept" }, "已改为：", deptNodes(t, dept, chosen),
        "（建议为 " + (sugDept ? deptUnit(t, sugDept) : "—") + "）"));
    } else if (chosen) {
      parts.push(el("span", { class: "changed-dept" }, "已改承办单位：", deptNodes(t, dept, chosen),
        "（建议为 " + deptUnit(t, sugDept) + "）"));
    } else {
      parts.push(el("span", {}, "承办：", deptNodes(t, dept)));
    }
    if (catChanged) {
      parts.push(el("span", { class: "changed-cat" }, "已改类别：", el("b", { text: cat || "—" }),
        "（建议为 " + (sugCat || "—") + "）"));
    } else {
      parts.push(el("span", {}, "类别：", el("b", { text: cat || "—" })));
    }
    J.replace(line, [parts[0], "；", parts[1], el("span", { class: "badge warn", text: "已修改建议" })]);
    return line;
  }

  /* The values the dropdowns start from and the button compares with: the stored decision once
   * there is one, else the suggestion. */
  function baseline(c) {
    return {
      category: c.decided_category || c.suggested_category,
      department: c.decided_department || c.suggested_department,
      unit: c.handled_by || "",
      decided: !!(c.decided_category || c.decided_department),
    };
  }

  /* The district the triage placed the complaint in (朝阳区), or "". */
  function caseDistrict(t) {
    var a = ((t && t.entities) || {}).address;
    return ((a && typeof a === "object" && a.district) || "").replace(/^北京市/, "");
  }

  /* The unit a department starts from in the dropdown: the case's own for its department (the
   * one chosen, else the suggestion's), the suggestion's for another it listed, else the
   * department's at the complaint's district, else its first. */
  function defaultUnit(c, t, dept) {
    if (dept === (c.decided_department || c.suggested_department) && c.handled_by) return c.handled_by;
    var d = suggestedDept(t, dept);
    if (d && d.unit) return d.unit;
    var units = deptUnits(dept), where = caseDistrict(t);
    var here = units.filter(function (u) { return u.district === where; });
    return (here[0] || units[0] || { name: "" }).name;
  }
  function deptUnits(dept) {
    var d = state.departments.filter(function (x) { return x.code === dept; })[0];
    return (d && d.units) || [];
  }

  /* Every unit of ``dept`` (tester54 V3: a case placed by the workplace could not go to the
   * district where the citizen lives, nor 城管执法局 be told from 城市管理委): the default first,
   * then the complaint's district's, the city's, the other districts'. */
  function unitOptions(select, c, t, dept, selected) {
    J.clear(select);
    var first = defaultUnit(c, t, dept), where = caseDistrict(t), seen = {};
    function opt(name) {
      seen[name] = true;
      return el("option", { value: name, text: name + (name === first ? "（默认）" : ""), selected: name === selected });
    }
    var units = deptUnits(dept);
    var groups = [["本区", units.filter(function (u) { return where && u.district === where; })],
                  ["市级", units.filter(function (u) { return u.district === ""; })],
                  ["其他区", units.filter(function (u) { return u.district && u.district !== where; })]];
    if (first) select.appendChild(opt(first));
    groups.forEach(function (g) {
      var items = g[1].filter(function (u) { return !seen[u.name]; }).map(function (u) { return opt(u.name); });
      if (items.length) select.appendChild(el("optgroup", { label: g[0] }, items));
    });
  }

  function decisionPanel(c, t) {
    var sugCat = c.suggested_category, sugDept = c.suggested_department;
    var base = baseline(c);
    var cats = state.categories.slice();
    (t.categories || []).forEach(function (x) { if (cats.indexOf(x.label) < 0) cats.push(x.label); });
    var closed = finished(c);

    var catSel = el("select", { id: "decide-category", disabled: closed });
    options(catSel, cats.map(function (x) { return { value: x, label: x }; }), base.category);
    var deptSel = el("select", { id: "decide-department", disabled: closed });
    departmentOptions(deptSel, t, sugDept, base.department);
    var unitSel = el("select", { id: "decide-unit", disabled: closed });
    unitOptions(unitSel, c, t, base.department, base.unit);
    var reason = el("input", { id: "decide-reason", maxLength: 2000, placeholder: "修改理由（可选）",
      disabled: closed });
    var btn = el("button", { id: "btn-decide", type: "submit", class: "primary", disabled: closed || state.busy,
      attrs: busyAttrs(closed) });
    var reset = el("button", { id: "btn-reset", type: "button", class: "ghost", disabled: closed,
      text: base.decided ? "撤销改动" : "恢复建议", on: { click: resetDecision } });

    function sync() {
      var ch = catSel.value !== base.category || deptSel.value !== base.department || unitSel.value !== base.unit;
      var toSuggestion = catSel.value === sugCat && deptSel.value === sugDept && unitSel.value === suggestedUnit(c, t);
      var label = !base.decided ? (ch ? "提交修改 " : "接受建议 ")
        : !ch ? "已分拣，无改动 " : redispatches(c, deptSel.value, unitSel.value) ? "改派 " : toSuggestion ? "改回建议 " : "提交修改 ";
      J.replace(btn, label, el("kbd", { text: "Enter" }), " / ", el("kbd", { text: "A" }));
      btn.classList.toggle("correct", ch);
      btn.setAttribute("data-state", !ch ? (base.decided ? "decided" : "accept") : "change");
      catSel.classList.toggle("changed", catSel.value !== base.category);
      deptSel.classList.toggle("changed", deptSel.value !== base.department);
      unitSel.classList.toggle("changed", unitSel.value !== base.unit);
    }
    catSel.addEventListener("change", sync);
    deptSel.addEventListener("change", function () {
      unitOptions(unitSel, c, t, deptSel.value, defaultUnit(c, t, deptSel.value));
      sync();
    });
    unitSel.addEventListener("change", sync);
    sync();

    var form = el("form", { class: "card decision", attrs: { id: "decision-form", autocomplete: "off" },
      on: { submit: function (ev) { ev.preventDefault(); submitDecision(); } } },
      decisionSummary(c, t),
      el("label", {}, "类别 ", catSel),
      el("label", {}, "承办部门 ", deptSel),
      el("label", {}, "承办单位 ", unitSel),
      reason,
      btn,
      reset,
      el("button", { type: "button", class: "ghost", on: { click: skip } }, "跳过 ", el("kbd", { text: "N" })),
      closed ? el("span", { class: "muted", text: "案件" + c.status + "，分拣不可再改" }) : null);
    form._sync = sync;
    return form;
  }

  /* A case already sent to its department (已派单, 办理中) that gets another one is re-dispatched:
   * the API wants ``redispatch: true`` and puts it back to 已派单. */
  function redispatches(c, dept, unit) {
    return AT_DEPARTMENT.indexOf(c.status) >= 0 && (dept !== (c.decided_department || c.suggested_department) ||
      !!unit && !!c.handled_by && unit !== c.handled_by);
  }
  /* The unit the triage named for its first department. */
  function suggestedUnit(c, t) {
    var d = suggestedDept(t, c.suggested_department);
    return (d && d.unit) || (!c.decided_department && c.handled_by) || "";
  }

  /* Esc / 恢复建议 (撤销改动 on a decided case): the dropdowns back to where they started. */
  function resetDecision() {
    var cur = state.current;
    if (!cur || cur.kind !== "case") return;
    var cs = $("decide-category"), ds = $("decide-department"), us = $("decide-unit"), f = $("decision-form");
    if (!cs || !ds) return;
    var base = baseline(cur.case);
    cs.value = base.category;
    ds.value = base.department;
    if (us) unitOptions(us, cur.case, cur.case.suggestion, base.department, base.unit);
    $("decide-reason").value = "";
    if (f && f._sync) f._sync();
  }

  function skip() {
    var cur = state.current;
    goNext(cur && cur.kind === "case" ? cur.case.id : null);
  }

  function submitDecision() {
    var cur = state.current;
    if (!cur || cur.kind !== "case" || state.busy) return;
    var c = cur.case;
    if (finished(c)) return;
    var cat = $("decide-category").value, dept = $("decide-department").value;
    var unit = $("decide-unit") ? $("decide-unit").value : "";
    var t = c.suggestion;
    var reason = $("decide-reason").value.trim();
    if (c.decided_department && cat === c.decided_category && dept === c.decided_department &&
        (!unit || unit === c.handled_by)) {
      // already decided this way (Enter / A on a case opened again): no second decision
      J.toast("此案件已按" + (cat || "—") + " · " + deptUnit(c.suggestion, dept) +
        "确认分拣；如需更改，请先选择新的类别或部门。");
      return;
    }
    var accept = cat === c.suggested_category && dept === c.suggested_department &&
      (!unit || unit === suggestedUnit(c, t));
    var body = { accept: accept, version: c.version };
    if (!accept) {
      // both, always: what a correction leaves out keeps the case's earlier decision, so a part
      // put back to the suggestion would otherwise stay as corrected before
      body.category = cat;
      body.department = dept;
      // the unit only where it is not the one the department starts from (the API names that itself)
      if (unit && unit !== defaultUnit(c, t, dept)) body.unit = unit;
    }
    if (reason) body.reason = reason;
    if (redispatches(c, dept, unit)) {
      if (!window.confirm("案件 " + c.number + " 已派单至 " + (c.handled_by || deptUnit(t, c.decided_department || c.suggested_department)) +
          "（" + c.status + "）。\n改派到 " + (unit || deptUnit(t, dept)) + "？状态将回到“已派单”。")) return;
      body.redispatch = true;
    }
    setBusy(true);
    J.api("/v1/cases/" + c.id + "/decision", { method: "POST", body: body }).then(function (res) {
      var d = res.decision;
      state.caseUnits = caseUnits(res.case);
      J.toast((body.redispatch ? "已改派：" : d.accepted ? "已接受建议：" : "已修改分拣：") + c.number + " → " + (d.decided_category || "—") +
        " · " + (res.case.handled_by || deptUnit(c.suggestion, d.decided_department)));
      dropFromQueue(c.id);
      setBusy(false);
      search({ again: true });
      // a re-dispatched case was opened on purpose (not from the queue): it stays, read again to
      // show its new department, status (已派单) and history
      if (body.redispatch) return openCase(c.id);
      state.lastDecided = { id: c.id, number: c.number };
      return goNext(c.id);
    }, function (e) {
      setBusy(false);
      J.toast("保存失败：" + J.errText(e), "error");
      if (e.status === 409) return openCase(c.id);  // someone else changed it: show the current state
    });
  }

  // -- keys -----------------------------------------------------------------------------------

  function onKey(ev) {
    if (!$("login").hidden) return;
    var t = ev.target, tag = (t && t.tagName) || "";
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && t && t.closest && t.closest("#paste-form")) {
      ev.preventDefault();
      fileCase();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    if (/^(INPUT|TEXTAREA|SELECT|BUTTON|A|SUMMARY)$/.test(tag) || (t && t.isContentEditable)) return;
    if (ev.key === "Enter" || ev.key === "a" || ev.key === "A") {
      if (state.current && state.current.kind === "case") { ev.preventDefault(); submitDecision(); }
    } else if (ev.key === "n" || ev.key === "N") {
      ev.preventDefault();
      skip();
    } else if (ev.key === "Escape") {
      resetDecision();
    }
  }
})();
