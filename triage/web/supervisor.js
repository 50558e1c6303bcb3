/* jiesu 接诉 — supervisor dashboard: acceptance over time, breakdowns, satisfaction, model versions. */
(function () {
  "use strict";
  var el = J.el, $ = J.$;
  var STATUSES = ["已受理", "已派单", "办理中", "已办结", "已撤销"];  // the flow, then 撤单
  var SATISFACTION = ["满意", "基本满意", "不满意"];
  var deptNames = {};

  document.addEventListener("DOMContentLoaded", function () {
    $("metrics-days").addEventListener("change", loadMetrics);
    $("btn-rollback").addEventListener("click", rollback);
    $("btn-train").addEventListener("click", startTraining);
    $("hot-source").addEventListener("change", loadHot);
    $("hot-days").addEventListener("change", loadHot);
    J.login(start, { onLogout: function () { $("role-msg").hidden = true; } });
  });

  function start(me) {
    var msg = $("role-msg");
    if (me.role !== "supervisor") {
      msg.hidden = false;
      msg.textContent = "此页面需要主管令牌（当前角色：" + (J.ROLE_NAMES[me.role] || me.role) +
        "）。请退出后用主管令牌登录。";
      return;
    }
    msg.hidden = true;
    loadLatestJob();
    J.api("/v1/departments").then(function (d) {
      d.departments.forEach(function (x) { deptNames[x.code] = x.name; });
    }, function () { /* codes are shown instead of names */ })
      .then(function () { return Promise.all([loadMetrics(), loadModels(), loadHot()]); });
  }

  function failed(box, e) {
    J.replace(box, el("p", { class: "error-text", text: "加载失败：" + J.errText(e) }));
  }

  // -- metrics --------------------------------------------------------------------------------

  function loadMetrics() {
    var days = Number($("metrics-days").value) || 30;
    return J.api("/v1/metrics", { params: { days: days } }).then(function (m) {
      renderFigures(m);
      J.replace($("acceptance-chart-box"), acceptanceChart(m.per_day, days));
      J.replace($("per-department"), rateTable(m.per_department, "部门", function (k) { return deptNames[k] || k; }));
      J.replace($("per-category"), rateTable(m.per_category, "类别", function (k) { return k; }));
      renderStatus(m.cases_by_status || {});
      renderSatisfaction(m.satisfaction || {});
    }, function (e) { failed($("acceptance-chart-box"), e); });
  }

  function figure(label, value, id) {
    return el("div", { class: "figure", attrs: { id: id } },
      el("span", { class: "fig-value", text: value }), el("span", { class: "fig-label", text: label }));
  }

  function renderFigures(m) {
    J.replace($("acceptance-figures"),
      figure("决策数", m.decisions, "fig-decisions"),
      figure("采纳建议", m.accepted, "fig-accepted"),
      figure("采纳率", J.pct(m.acceptance_rate), "fig-rate"));
  }

  function beijingDay(offsetDays) {
    return new Date(Date.now() + 8 * 3600 * 1000 + offsetDays * 86400000).toISOString().slice(0, 10);
  }

  /* An inline SVG: bars = decisions per day, line + points = acceptance rate. */
  function acceptanceChart(perDay, days) {
    var W = 1000, H = 300, L = 48, R = 56, T = 14, B = 34;
    var pw = W - L - R, ph = H - T - B;
    var dayList = [];
    for (var i = days - 1; i >= 0; i--) dayList.push(beijingDay(-i));
    var byDay = {};
    (perDay || []).forEach(function (d) { byDay[d.key] = d; });
    (perDay || []).forEach(function (d) { if (dayList.indexOf(d.key) < 0) dayList.push(d.key); });
    dayList.sort();
    var n = dayList.length, slot = pw / n;
    var maxTotal = Math.max.apply(null, [1].concat((perDay || []).map(function (d) { return d.total; })));
    function x(i) { return L + slot * (i + 0.5); }
    function y(rate) { return T + (1 - rate) * ph; }

    var svg = el("svg:svg", { attrs: { id: "acceptance-chart", viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": "建议采纳率（按日）", preserveAspectRatio: "xMidYMid meet", class: "chart" } });
    [0, 0.25, 0.5, 0.75, 1].forEach(function (g) {
      svg.appendChild(el("svg:line", { attrs: { x1: L, x2: W - R, y1: y(g), y2: y(g), class: "grid" } }));
      svg.appendChild(el("svg:text", { text: Math.round(g * 100) + "%",
        attrs: { x: L - 6, y: y(g) + 4, class: "axis", "text-anchor": "end" } }));
    });
    if ((perDay || []).length) {
      svg.appendChild(el("svg:text", { text: "▮ " + maxTotal + " 件",
        attrs: { x: W - R + 6, y: T + ph * 0.1 + 4, class: "axis vol", "text-anchor": "start" } }));
    }
    var step = Math.max(1, Math.ceil(n / 7));
    dayList.forEach(function (day, i) {
      if (i % step === 0 || i === n - 1) {
        svg.appendChild(el("svg:text", { text: day.slice(5),
          attrs: { x: x(i), y: H - B + 18, class: "axis", "text-anchor": "middle" } }));
      }
    });
    var pts = [];
    dayList.forEach(function (day, i) {
      var d = byDay[day];
      if (!d) return;
      var bh = (d.total / maxTotal) * ph * 0.9, bw = Math.max(2, Math.min(28, slot * 0.6));
      svg.appendChild(el("svg:rect", { attrs: { x: x(i) - bw / 2, y: T + ph - bh, width: bw, height: bh,
        class: "vol-bar" } }, el("svg:title", { text: day + "：" + d.total + " 件决策" })));
      if (d.rate !== null && d.rate !== undefined) pts.push({ i: i, day: day, d: d });
    });
    if (pts.length > 1) {
      svg.appendChild(el("svg:polyline", { attrs: { class: "rate-line",
        points: pts.map(function (p) { return x(p.i).toFixed(1) + "," + y(p.d.rate).toFixed(1); }).join(" ") } }));
    }
    pts.forEach(function (p) {
      svg.appendChild(el("svg:circle", { attrs: { cx: x(p.i), cy: y(p.d.rate), r: 4.5, class: "point",
        "data-day": p.day, "data-rate": p.d.rate, "data-total": p.d.total } },
        el("svg:title", { text: p.day + "：采纳 " + p.d.accepted + "/" + p.d.total + "（" + J.pct(p.d.rate) + "）" })));
    });
    if (!pts.length) {
      svg.appendChild(el("svg:text", { text: "所选时间范围内暂无决策数据",
        attrs: { x: L + pw / 2, y: T + ph / 2, class: "empty-note", "text-anchor": "middle" } }));
    }
    svg.appendChild(el("svg:line", { attrs: { x1: L, x2: W - R, y1: T + ph, y2: T + ph, class: "base" } }));
    return svg;
  }

  function rateTable(rows, what, name) {
    if (!rows || !rows.length) return el("p", { class: "muted", text: "暂无决策数据" });
    return el("table", { class: "rates" },
      el("thead", {}, el("tr", {}, ["建议" + what, "决策", "采纳", "采纳率"].map(function (h) {
        return el("th", { text: h });
      }))),
      el("tbody", {}, rows.map(function (r) {
        return el("tr", {},
          el("td", { text: r.key ? name(r.key) : "（无建议）", attrs: { title: r.key } }),
          el("td", { class: "num", text: r.total }),
          el("td", { class: "num", text: r.accepted }),
          el("td", { class: "rate-cell" }, J.bar(r.rate || 0), el("span", { class: "rank-pct", text: J.pct(r.rate) })));
      })));
  }

  function renderStatus(by) {
    J.replace($("cases-by-status"), el("ol", { class: "flow" }, STATUSES.map(function (s) {
      // 已撤销 leaves the flow from any open step: no arrow into it
      return el("li", { class: s === "已撤销" ? "off-flow" : null },
        el("span", { class: "fig-value", text: by[s] || 0 }), el("span", { class: "fig-label", text: s }));
    })));
  }

  function renderSatisfaction(sat) {
    var total = SATISFACTION.reduce(function (s, k) { return s + (sat[k] || 0); }, 0);
    var box = $("satisfaction");
    if (!total) {
      J.replace(box, el("p", { class: "muted", text: "暂无满意度记录（案件办结时由坐席登记）" }));
      return;
    }
    var ok = (sat["满意"] || 0) + (sat["基本满意"] || 0);
    var stack = el("div", { class: "stack", attrs: { role: "img", "aria-label": "满意度构成" } });
    SATISFACTION.forEach(function (k, i) {
      var seg = el("span", { class: "seg seg-" + i, attrs: { title: k + " " + (sat[k] || 0) } });
      seg.style.width = ((sat[k] || 0) / total * 100).toFixed(1) + "%";
      stack.appendChild(seg);
    });
    J.replace(box,
      el("div", { class: "figures" },
        figure("满意率（满意+基本满意）", J.pct(ok / total), "fig-satisfied"),
        SATISFACTION.map(function (k) { return figure(k, sat[k] || 0, null); }),
        figure("已评价", total, null)),
      stack);
  }

  // -- hot issues -----------------------------------------------------------------------------

  var hotRetry = null;

  function loadHot() {
    clearTimeout(hotRetry);
    var params = { top: 5, source: $("hot-source").value };
    if ($("hot-days").value) params.days = $("hot-days").value;
    $("hot-info").textContent = "加载中…";
    return J.api("/v1/hot-issues", { params: params }).then(renderHot, function (e) {
      if (e.status === 503) {  // the data file's grouping is being computed: try again shortly
        $("hot-info").textContent = J.errText(e);
        J.clear($("hot-issues"));
        hotRetry = setTimeout(loadHot, 30000);
        return;
      }
      $("hot-info").textContent = "";
      failed($("hot-issues"), e);
    });
  }

  function day(iso) { return iso ? String(iso).slice(0, 10) : "—"; }
  function minute(iso) { return iso ? String(iso).slice(0, 16).replace("T", " ") : "—"; }

  function renderHot(res) {
    $("hot-info").textContent = (res.source === "cases" ? "来源：案件库" : "来源：历史留言数据") +
      "；时间窗口 " + (res.since || res.until ? day(res.since) + " — " + day(res.until) : "全部") +
      "；参与分组 " + res.messages + " 条";
    var list = $("hot-issues");
    if (!res.groups.length) {
      J.replace(list, el("li", { class: "muted", text: "所选范围内没有诉求" }));
      return;
    }
    J.replace(list, res.groups.map(function (g, i) {
      return el("li", { class: "hot-item", attrs: { "data-group": g.id } },
        el("div", { class: "hot-head" },
          el("span", { class: "hot-rank", text: i + 1 }),
          el("div", { class: "hot-main" },
            el("div", { class: "hot-title", text: g.title }),
            el("div", { class: "hot-meta" },
              el("span", { text: "地点：" + (g.place || "未识别") }),
              el("span", { text: "时间：" + day(g.start) + " — " + day(g.end) }),
              el("span", { text: g.count + " 条 / " + g.citizens + " 位市民" }),
              g.likes || g.dislikes ? el("span", { text: "点赞 " + g.likes + " / 反对 " + g.dislikes }) : null,
              el("span", { class: "hot-heat", text: "热度 " + g.heat.toFixed(1) }),
              // a burst in the window's last quarter (≥ 3 citizens, growth ≥ 0.5): said, not left to a figure
              g.rising ? el("span", { class: "badge warn rising", text: "↑ 上升",
                attrs: { title: "时间窗口的最后四分之一里有至少 3 位市民反映，明显多于之前" } }) : null,
              // one citizen so far: listed for the window's ranking, not yet a shared problem
              g.citizens < 2 ? el("span", { class: "badge info single", text: "单人诉求，尚未形成热点",
                attrs: { title: "只有一位市民反映；同一地点、同一问题有第二位市民反映后才算热点" } }) : null)),
          dailyChart(g)),
        el("details", { class: "hot-members" },
          el("summary", { text: "成员案件（" + g.count + "）" }),
          el("ul", {}, g.items.map(function (it) {
            return el("li", {}, el("span", { class: "mono", text: it.id }), " ",
              el("span", { class: "muted", text: minute(it.time) }), " ", it.title,
              it.repost ? el("span", { class: "badge warn", text: "重复提交" }) : null);
          }))));
    }));
  }

  /* Inline SVG bars of a group's daily counts (zero days filled; by week when the span is long). */
  function dailyChart(g) {
    var W = 260, H = 64, T = 6, B = 14;
    var counts = {};
    (g.daily || []).forEach(function (d) { counts[d.date] = d.count; });
    var days = (g.daily || []).map(function (d) { return d.date; });
    var out = [];
    if (days.length) {
      var t0 = Date.parse(days[0] + "T00:00:00Z"), t1 = Date.parse(days[days.length - 1] + "T00:00:00Z");
      var n = Math.round((t1 - t0) / 86400000) + 1, step = n > 120 ? 7 : 1;
      for (var k = 0; k < n; k += step) {
        var sum = 0, label = new Date(t0 + k * 86400000).toISOString().slice(0, 10);
        for (var j = k; j < Math.min(n, k + step); j++) {
          sum += counts[new Date(t0 + j * 86400000).toISOString().slice(0, 10)] || 0;
        }
        out.push({ label: label, count: sum, week: step === 7 });
      }
    }
    var max = Math.max.apply(null, [1].concat(out.map(function (d) { return d.count; })));
    var slot = W / Math.max(1, out.length), bw = Math.max(1, Math.min(14, slot * 0.8));
    var svg = el("svg:svg", { attrs: { viewBox: "0 0 " + W + " " + H, class: "hot-chart", role: "img",
      "aria-label": "每日诉求量" } });
    out.forEach(function (d, i) {
      if (!d.count) return;
      var h = (d.count / max) * (H - T - B);
      svg.appendChild(el("svg:rect", { attrs: { x: i * slot + (slot - bw) / 2, y: H - B - h, width: bw, height: h,
        class: "vol-bar" } }, el("svg:title", { text: (d.week ? d.label + " 起一周：" : d.label + "：") + d.count + " 条" })));
    });
    svg.appendChild(el("svg:line", { attrs: { x1: 0, x2: W, y1: H - B, y2: H - B, class: "base" } }));
    if (out.length) {
      svg.appendChild(el("svg:text", { text: out[0].label.slice(5), attrs: { x: 0, y: H - 2, class: "axis" } }));
      svg.appendChild(el("svg:text", { text: out[out.length - 1].label.slice(5),
        attrs: { x: W, y: H - 2, class: "axis", "text-anchor": "end" } }));
    }
    return svg;
  }

  // -- retraining -----------------------------------------------------------------------------

  var JOB_STATES = { queued: "排队中", running: "进行中", succeeded: "已完成", failed: "失败" };
  var jobTimer = null;
  var watched = {};  // job ids seen queued/running on this page: reload the models when they end

  function loadLatestJob() {
    return J.api("/v1/jobs").then(function (res) {
      var job = res.items && res.items[0];
      if (job) showJob(job);
      else J.replace($("train-status"), el("p", { class: "muted", text: "尚无训练任务" }));
    }, function (e) { failed($("train-status"), e); });
  }

  function startTraining() {
    var body = { force: $("train-force").checked };
    if ($("train-kind").value) body.kind = $("train-kind").value;
    if (body.force && !window.confirm("即使候选版本比当前版本差，也启用它？")) return;
    $("btn-train").disabled = true;
    J.api("/v1/train", { method: "POST", body: body }).then(function (job) {
      J.toast("已开始训练任务 #" + job.id);
      showJob(job);
    }, function (e) {
      $("btn-train").disabled = false;
      if (e.status === 409 && e.details && e.details.job) {
        J.toast("已有训练任务在进行（#" + e.details.job + "）", "error");
        pollJob(e.details.job);
        return;
      }
      J.toast("无法开始训练：" + J.errText(e), "error");
    });
  }

  function cancelJob(id) {
    if (!window.confirm("取消训练任务 #" + id + "？当前启用的模型不变。")) return;
    J.api("/v1/jobs/" + id + "/cancel", { method: "POST" }).then(function () {
      J.toast("已请求取消任务 #" + id + "，将在当前步骤结束后停止");
    }, function (e) { J.toast("无法取消：" + J.errText(e), "error"); });
  }

  function pollJob(id) {
    clearTimeout(jobTimer);
    J.api("/v1/jobs/" + id).then(showJob, function (e) {
      failed($("train-status"), e);
      $("btn-train").disabled = false;
    });
  }

  function paramsText(p) {
    p = p || {};
    return (p.kind || "—") + (p.limit ? "，前 " + p.limit + " 条" : "") + (p.from_db ? "，含案件库" : "，不含案件库") +
      (p.force ? "，强制启用" : "");
  }

  function showJob(job) {
    var live = job.state === "queued" || job.state === "running";
    $("btn-train").disabled = live;
    var box = $("train-status");
    box.setAttribute("data-job-id", job.id);
    box.setAttribute("data-state", job.state);
    var cancelled = job.stage === "cancelled";  // stored as failed, stopped by a supervisor
    var badge = cancelled ? "info" : job.state === "failed" ? "warn" : (job.state === "succeeded" ? "ok" : "info");
    J.replace(box,
      el("div", { class: "train-line" },
        el("span", { class: "badge " + badge, attrs: { id: "train-state" },
          text: "任务 #" + job.id + " " + (cancelled ? "已取消" : JOB_STATES[job.state] || job.state) }),
        el("span", { class: "train-stage", attrs: { id: "train-stage" }, text: job.stage_zh }),
        J.bar(job.percent / 100, "train-bar"),
        el("span", { class: "train-pct", attrs: { id: "train-pct" }, text: job.percent + "%" }),
        job.state === "running" ? el("button", { type: "button", class: "secondary small",
          attrs: { id: "btn-cancel-train" }, text: "取消任务", on: { click: function () { cancelJob(job.id); } } }) : null),
      el("p", { class: "muted small", text: "提交 " + J.fmtTime(job.created_at) +
        (job.finished_at ? "，结束 " + J.fmtTime(job.finished_at) : "") + "；" + paramsText(job.params) }),
      job.error ? el("p", { class: "error-text", text: job.error.zh + "（" + job.error.en + "）" }) : null);
    J.replace($("train-result"), job.result ? jobResult(job.result) : null);
    if (live) {
      watched[job.id] = true;
      clearTimeout(jobTimer);
      jobTimer = setTimeout(function () { pollJob(job.id); }, 1000);
    } else if (watched[job.id]) {
      delete watched[job.id];
      if (job.state === "succeeded") {
        J.toast(job.result && job.result.promoted ? "新版本已启用：" + job.result.candidate_id : "训练完成，候选版本未启用",
                job.result && job.result.promoted ? "ok" : "error");
      }
      loadModels();
    }
  }

  function f1Class(v, base, tol) {
    if (typeof v !== "number" || typeof base !== "number") return "num";
    return "num " + (v >= base - tol ? "better" : "worse");
  }

  /* The API words a refused or forced promotion for the command line (--force, jiesu models
   * promote ID); this page has its own 启用 buttons and 即使更差也启用 box. */
  var CLI_PROMOTE = /（可用 --force 或 jiesu models promote \S+? 启用）/;
  function pageReason(text, hint) {
    return String(text || "").replace(CLI_PROMOTE, hint || "").replace(/已按 --force 启用/g, "已按“即使更差也启用”启用");
  }

  /* The job's reason as the page says it: the command-line hint stays in the element's text (the
   * API's reason_zh, whole) but hidden; the button that does it follows (``promoteCandidate``). */
  function reasonNodes(text) {
    var t = pageReason(text, "\u0000"), i = t.indexOf("\u0000");
    if (i < 0) return [t];
    var m = String(text).match(CLI_PROMOTE);
    return [t.slice(0, i), el("span", { class: "cli-hint", hidden: true, text: m ? m[0] : "" }), t.slice(i + 1)];
  }

  function promoteCandidate(r) {
    if (r.promoted || !r.candidate_id) return null;
    var btn = el("button", { type: "button", class: "secondary small", attrs: { id: "btn-promote-candidate" },
      text: "启用候选版本 " + r.candidate_id,
      on: { click: function () { promote(r.candidate_id, function () { btn.disabled = true; }); } } });
    return el("p", { class: "hint", attrs: { id: "train-promote" } },
      "候选版本已保存但未启用。如仍要启用：", btn, "（或在下方“模型版本”表中该版本一行点“启用”）");
  }

  /* The decision, then candidate vs baseline (and the active model as it is) on the fixed split. */
  function jobResult(r) {
    var base = r.baseline, act = r.active, tol = r.tolerance || 0;
    var rows = [["候选版本", r.candidate, r.candidate && r.candidate.id]];
    if (base) rows.push([base.source === "active" ? "当前版本" : "参照模型（当前版本的配置去掉评估集重训）", base,
                         base.source === "active" ? base.id : "—"]);
    if (act && (!base || base.source !== "active")) rows.push(["当前版本（训练时见过评估集，仅供参考）", act, act.id]);
    var d = r.data || {};
    return el("div", { attrs: { id: "train-outcome", "data-promoted": r.promoted ? "yes" : "no" } },
      el("p", {},
        el("span", { class: "badge " + (r.promoted ? "ok" : "warn"), text: r.promoted ? (r.forced ? "已强制启用" : "已启用") : "未启用" }),
        " ", el("span", { attrs: { id: "train-reason" } }, reasonNodes(r.reason_zh))),
      promoteCandidate(r),
      el("table", { class: "models train-compare" },
        el("thead", {}, el("tr", {}, ["", "版本", "类型", "评估样本", "准确率", "宏平均F1", "原始文本准确率"]
          .map(function (h) { return el("th", { text: h }); }))),
        el("tbody", {}, rows.map(function (row) {
          var m = row[1] || {};
          return el("tr", { attrs: { "data-role": row === rows[0] ? "candidate" : (m === base ? "baseline" : "active") } },
            el("th", { text: row[0] }),
            el("td", { class: "mono", text: row[2] || "—" }),
            el("td", { text: m.kind || "—" }),
            el("td", { class: "num", text: m.n || "—" }),
            el("td", { class: "num", text: J.pct(m.accuracy) }),
            el("td", { class: row === rows[0] && base ? f1Class(m.macro_f1, base.macro_f1, tol) : "num",
                       text: typeof m.macro_f1 === "number" ? m.macro_f1.toFixed(4) : "—" }),
            el("td", { class: "num", text: J.pct(m.accuracy_raw_rows) }));
        }))),
      el("p", { class: "hint", text: "训练数据：标注 " + (d.labelled_rows || 0) + " 条（不含评估集 " +
        ((d.eval_split && d.eval_split.n) || 0) + " 条）；案件库确认 " + (d.db_cases_accepted || 0) + " 件、更正 " +
        (d.db_cases_corrected || 0) + " 件；主管添加 " + (d.db_added_rows || 0) + " 条" +
        (d.new_labels && d.new_labels.length ? "；新类别：" + d.new_labels.join("、") : "") +
        "；用时 " + r.seconds + " 秒。" }),
      r.departments ? deptOutcome(r.departments) : null);
  }

  /* The department model's part of a retraining, said apart from the category candidate's 启用
   * (tester55 S1: a refused candidate's run replaced the department model unseen). */
  function deptOutcome(dm) {
    var text;
    if (dm.error) text = "部门模型：" + String(dm.error).split(" / ")[0];
    else if (dm.skipped) text = "部门模型：案件库没有新的部门分拣，未重训。";
    else {
      var cv = "历史答复交叉验证 top-1 " + J.pct(dm.cv_top1) + "、top-3 " + J.pct(dm.cv_top3);
      var before = typeof dm.previous_cv_top1 === "number" ?
        "；之前 top-1 " + J.pct(dm.previous_cv_top1) + "、top-3 " + J.pct(dm.previous_cv_top3) : "";
      text = dm.kept ? "部门模型：重训结果较差，未替换，仍用原部门模型（" + cv + before + "）。" :
        "部门模型：已重训并替换（其中坐席确认/更正部门的案件 " + (dm.decided_rows || 0) + " 件；" + cv + before +
        "）。恢复上一版：jiesu models rollback --departments";
    }
    return el("p", { class: "hint", attrs: { id: "train-departments", "data-kept": dm.kept ? "yes" : "no" },
                     text: "（与分类模型分开评估）" + text });
  }

  // -- models ---------------------------------------------------------------------------------

  function loadModels() {
    return J.api("/v1/models").then(renderModels, function (e) { failed($("models"), e); });
  }

  function metric(m, k) {
    var v = m.metrics && m.metrics[k];
    return typeof v === "number" ? (v <= 1 ? J.pct(v) : String(v)) : "—";
  }

  /* A rate as every column of the table shows it (92.6%); the exact value on hover. */
  function rateCell(cls, v) {
    return el("td", { class: cls, text: typeof v === "number" ? J.pct(v) : "—",
      attrs: { title: typeof v === "number" ? v.toFixed(4) : null } });
  }

  var lastModels = null;   // the last /v1/models answer: what a promote or a rollback would switch from and to

  function renderModels(res) {
    lastModels = res;
    var banner = $("models-banner");
    J.clear(banner);
    if (res.reload_required) {
      banner.appendChild(el("div", { class: "alert warn", text: "已启用版本 " + res.active + " 无法载入，本服务仍在使用 " +
        res.loaded + "（详见服务日志）/ the active version could not be loaded; still serving " + res.loaded + "." }));
    }
    var models = (res.models || []).slice().reverse();  // newest first
    if (!models.length) {
      J.replace($("models"), el("p", { class: "muted", text: "没有已训练的模型版本" }));
    } else {
      J.replace($("models"), el("table", { class: "models" },
        el("thead", {}, el("tr", {}, ["版本", "类型", "训练时间", "训练样本", "自身留出集", "准确率", "宏平均F1",
                                     "固定评估集宏平均F1", "询问阈值", "状态", ""]
          .map(function (h) {
            var tips = {
              // the confidence below which a complaint is flagged for a question (needs_clarification)
              "询问阈值": "类别置信度低于此值的诉求标为“需追问”：留出集中最有把握的 80% 诉求都在此值以上",
              "自身留出集": "该版本训练时自己留出的样本数；其后两列在这部分样本上计算，各版本的留出集不同，不宜直接比较",
              "固定评估集宏平均F1": "重新训练时在同一固定评估集（EVAL_SPLIT.json）上的宏平均F1（Macro-F1）：各版本可直接比较",
            };
            return el("th", tips[h] ? { text: h, attrs: { title: tips[h] } } : { text: h });
          }))),
        el("tbody", {}, models.map(function (m) {
          var badges = [];
          if (m.id === res.active) badges.push(el("span", { class: "badge ok", text: "启用中" }));
          if (m.id === res.loaded) badges.push(el("span", { class: "badge info", text: "本服务运行中" }));
          var ev = m.evaluation || {};
          if (m.id !== res.active && ev.promoted === false && ev.reason_zh)
            badges.push(el("span", { class: "badge warn", text: "未启用",
              attrs: { title: pageReason(ev.reason_zh, "（可点本行的“启用”按钮启用）") } }));
          var fixed = ev.candidate && ev.candidate.macro_f1;
          return el("tr", { attrs: { "data-model-id": m.id } },
            el("td", { class: "mono", text: m.id }),
            el("td", { text: m.kind || "—" }),
            el("td", { text: J.fmtTime(m.created_at) }),
            el("td", { class: "num", text: (m.data && m.data.rows) || "—" }),
            el("td", { class: "num", text: (m.metrics && m.metrics.n) || "—" }),
            rateCell("num", m.metrics && m.metrics.accuracy),
            rateCell("num", m.metrics && m.metrics.macro_f1),
            fixed != null ? rateCell("num fixed-f1", fixed) :
              el("td", { class: "num fixed-f1 na", text: "—", attrs: { title:
                "该版本未经“重新训练”（如 jiesu setup 训练的版本），没有固定评估集上的分数；下一次重新训练会在固定评估集上把它与候选版本比较" } }),
            el("td", { class: "num ask", text: metric(m, "ask_threshold") }),
            el("td", {}, badges),
            el("td", {}, m.id === res.active ? null : el("button", { type: "button", class: "secondary small",
              text: "启用", on: { click: function () { promote(m.id); } } })));
        }))));
    }
    var active = (res.models || []).filter(function (m) { return m.id === res.active; })[0];
    J.replace($("confusion"), confusion(active), fileEvaluations(active));
  }

  /* The active version's confusion matrix (rows true, columns predicted): from its evaluation
     (`jiesu evaluate`: cross-validation; a retraining: the fixed evaluation split) or its metrics. */
  function confusionSource(m) {
    var ev = (m && m.evaluation) || {};
    var cands = [ev, ev.candidate || {}, (m && m.metrics) || {}];
    for (var i = 0; i < cands.length; i++) {
      var c = cands[i];
      var labels = c.labels || c.confusion_labels || (m && m.labels) || [];
      if (Array.isArray(c.confusion) && c.confusion.length && c.confusion.length === labels.length) {
        var how = c === ev && ev.method ? evaluationCaption(ev) :
          c === ev.candidate ? "固定评估集 " + (c.n || "") + " 条" :
          c === m.metrics ? "训练时自身留出集 " + (c.n || "") + " 条（尚未经重新训练在固定评估集上评估）" : "";
        return { mx: c.confusion, labels: labels, how: how };
      }
    }
    return null;
  }

  /* What an evaluation record was: a cross-validation (its fold count when recorded), or one
     written by `jiesu evaluate --input` before those went to file_evaluations: 文件评估 and the file. */
  function evaluationCaption(ev) {
    var n = typeof ev.n === "number" ? "，" + ev.n + " 条" : "";
    if (ev.method === "file") {
      var file = String(ev.source || "").split(/[\\/]/).pop();
      return "文件评估" + (file ? " " + file : "") + n;
    }
    if (ev.method === "cv") return "交叉验证" + (ev.folds ? " " + ev.folds + " 折" : "") + n;
    return "评估" + n;
  }

  /* The active version's evaluations on supervisors' own labelled files (`jiesu evaluate --input`), newest
   * first, beside the baseline on the same file (tester55 S17: recorded, never shown). */
  function fileEvaluations(m) {
    var list = ((m && m.file_evaluations) || []).slice().reverse();
    if (!list.length) return null;
    return el("div", { class: "table-wrap", attrs: { id: "file-evaluations" } },
      el("p", { class: "muted", text: "文件评估（jiesu evaluate --input）：" }),
      el("table", { class: "models" },
        el("thead", {}, el("tr", {}, ["文件", "条数", "准确率", "宏平均F1", "基线宏平均F1", "时间"]
          .map(function (h) { return el("th", { text: h }); }))),
        el("tbody", {}, list.map(function (e) {
          return el("tr", {},
            el("td", { text: e.file || String(e.source || "").split(/[\\/]/).pop() || "—" }),
            el("td", { class: "num", text: e.n != null ? String(e.n) : "—" }),
            rateCell("num", e.accuracy), rateCell("num", e.macro_f1),
            rateCell("num", e.baseline && e.baseline.macro_f1),
            el("td", { text: J.fmtTime(e.created_at) }));
        }))));
  }

  function confusion(m) {
    var src = confusionSource(m);
    if (!src) {
      return el("p", { class: "na", text: "该版本尚无评估（用“重新训练”训练的版本会在固定评估集上评估）" });
    }
    var mx = src.mx, labels = src.labels;
    var max = Math.max.apply(null, [1].concat(mx.map(function (r) { return Math.max.apply(null, r); })));
    return el("div", { class: "table-wrap" }, src.how ? el("p", { class: "muted", text: "模型 " + m.id + "：" + src.how }) : null,
      el("table", { class: "confusion" },
      el("thead", {}, el("tr", {}, el("th", { text: "真实 \\ 预测" }), labels.map(function (l) { return el("th", { text: l }); }))),
      el("tbody", {}, mx.map(function (row, i) {
        return el("tr", {}, el("th", { text: labels[i] }), row.map(function (v, j) {
          var td = el("td", { class: "num" + (i === j ? " diag" : ""), text: v });
          td.style.setProperty("--heat", (v / max).toFixed(3));
          return td;
        }));
      }))));
  }

  /* What switching to ``id`` costs, said before it is done (tester55 S5, S8): a version its
   * retraining refused (worse on the fixed split) says so and why; labels the active version has
   * and it lacks are named (corrections to them are refused after the switch). */
  function switchWarnings(id) {
    var res = lastModels || {}, ms = res.models || [];
    var target = ms.filter(function (m) { return m.id === id; })[0];
    var act = ms.filter(function (m) { return m.id === res.active; })[0];
    var out = [];
    var ev = (target && target.evaluation) || {};
    if (ev.promoted === false && ev.reason_zh)
      out.push("⚠ 该版本训练时未启用：" + pageReason(ev.reason_zh, "").replace(/\s+$/, ""));
    if (target && act) {
      var has = {};
      (target.labels || []).forEach(function (l) { has[l] = true; });
      var gone = (act.labels || []).filter(function (l) { return !has[l]; });
      if (gone.length) out.push("⚠ 该版本没有类别：" + gone.join("、") + "。切换后新投诉不会分到这些类别，坐席也不能再按它们更正（已确认的案件不受影响）。");
    }
    return out.length ? "\n\n" + out.join("\n") : "";
  }

  function promote(id, done) {
    if (!window.confirm("启用模型版本 " + id + "？\n本服务立即改用该版本分拣；无法加载时保持原版本。" + switchWarnings(id))) return;
    J.api("/v1/models/" + encodeURIComponent(id) + "/promote", { method: "POST" }).then(function (res) {
      J.toast("已启用 " + id + (res.reload_required ? "，但无法载入，仍在使用 " + res.loaded : "，已生效"));
      renderModels(res);
      if (done) done(res);
    }, function (e) { J.toast("启用失败：" + J.errText(e), "error"); });
  }

  function rollback() {
    var prev = (lastModels || {}).previous;
    if (!prev) { J.toast("没有可回滚的版本", "error"); return; }
    if (!window.confirm("回滚到上一个启用过的版本 " + prev + "（当前为 " + ((lastModels || {}).active || "—") + "）？\n" +
        "本服务立即改用该版本分拣。" + switchWarnings(prev))) return;
    J.api("/v1/models/rollback", { method: "POST" }).then(function (res) {
      J.toast("已回滚到 " + res.active + (res.reload_required ? "，但无法载入，仍在使用 " + res.loaded : "，已生效"));
      renderModels(res);
    }, function (e) { J.toast("回滚失败：" + J.errText(e), "error"); });
  }
})();
