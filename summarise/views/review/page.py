"""page: one record's review page, its highlighted source beside its structured summary."""

from __future__ import annotations

from schemas import SummaryRecord
from summarise.views.brief import NO_FACTS_WARNING
from summarise.views.review.facts import all_views, fact_views
from summarise.views.review.highlight import source_pane
from summarise.views.review.markup import escape, html_page
from summarise.views.review.palette import palette_css
from summarise.views.review.summary import summary_pane

_LAYOUT_STYLE = """
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;
background:#f4f5f7;display:flex;flex-direction:column}
.top{padding:.5rem 1rem;background:#1d2330;color:#fff;display:flex;gap:1rem;
align-items:baseline;flex-wrap:wrap}
.top h1{font-size:1rem;margin:0}
.top .counts{margin:0;font-size:.85rem;opacity:.85}
main{flex:1;min-height:0;display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
.pane{overflow:auto;padding:1rem 1.25rem;min-height:0}
#source{background:#fff;border-right:1px solid #d5d9e0}
.source-text{white-space:pre-wrap;overflow-wrap:anywhere;
font:14px/1.7 ui-serif,Georgia,"Noto Serif",serif}
h2{font-size:1.15rem;margin:.2rem 0 .6rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem;border-bottom:1px solid #d5d9e0}
h5{font-size:.85rem;margin:.5rem 0 .2rem}
.muted{color:#667085;font-weight:normal}
.file{font-size:.8rem;margin:-.4rem 0 .6rem;overflow-wrap:anywhere}
mark.q{background:var(--tint);color:#1d2330;cursor:pointer;border-radius:2px;
box-shadow:inset 0 -2px 0 var(--edge)}
mark.q.fuzzy{text-decoration:underline dashed #b54708}
mark.q.active{background:var(--edge);color:#fff;box-shadow:0 0 0 2px var(--edge)}
mark.q.active mark.q:not(.active){background:transparent;box-shadow:none;color:inherit}
.table-wrap{overflow-x:auto;margin:.1rem 0}
table.source-table{border-collapse:collapse;white-space:normal;overflow-wrap:normal;
font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
table.source-table th,table.source-table td{border:1px solid #d5d9e0;padding:.2rem .45rem;
text-align:left;vertical-align:top}
table.source-table th{background:#f2f4f7;font-weight:600}
ol.facts{list-style:none;padding:0;margin:0}
.fact{background:#fff;border:1px solid #d5d9e0;border-left:6px solid var(--edge);
border-radius:4px;padding:.45rem .7rem;margin:.45rem 0;cursor:pointer}
.fact.ungrounded{border-color:#d92d20;border-left-color:var(--edge);background:#fff5f4}
.fact.caveat{background:#fffaeb}
.fact.active{outline:3px solid var(--edge);outline-offset:1px}
.fact:focus-visible{outline:3px solid #1d2330}
.fact-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:.1rem .4rem}
.swatch{flex:none;width:.85rem;height:.85rem;border-radius:2px;background:var(--tint);
border:2px solid var(--edge);align-self:center}
.fact-title{font-weight:600}
.path{font-size:.72rem;margin-left:auto}
.banner{margin:0;padding:.5rem 1rem;background:#fef3f2;border-bottom:2px solid #d92d20;
color:#7a271a;font-weight:600}
.badge{display:inline-block;font-size:.72rem;font-weight:600;padding:0 .4rem;border-radius:9px;
background:#e4e7ec;color:#344054;vertical-align:1px}
.badge.bad{background:#d92d20;color:#fff}
.badge.warn{background:#f79009;color:#fff}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:0 .8rem;margin:.3rem 0;
font-size:.88rem}
dl.fields dt{color:#667085}
dl.fields dd{margin:0;overflow-wrap:anywhere}
ol.quotes{margin:.3rem 0 0;padding-left:1.2rem;font-size:.85rem}
ol.quotes li{margin:.15rem 0}
.quote{color:#1d2330;font-style:italic}
a.quote{text-decoration:none;border-bottom:1px dotted #98a2b3}
li.unaligned .quote{color:#b42318}
ul.issues{margin:.3rem 0 0;padding-left:1.2rem;font-size:.82rem;color:#b42318}
.children{margin:.4rem 0 0 .5rem}
.box{background:#fff;border:1px solid #d5d9e0;border-radius:4px;padding:.2rem .8rem .5rem;
margin-top:1rem}
.warn-box{border-color:#f79009;background:#fffaeb}
.note{padding:.4rem .7rem;border-radius:4px;background:#eef4ff;font-size:.88rem}
.note.warn{background:#fef3f2;border:1px solid #fda29b}
#provenance{margin-top:1.2rem;font-size:.85rem}
#provenance dd{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.8rem}
@media (max-width:800px){main{display:block}.pane{overflow:visible}body{display:block}}
"""

_REVIEW_STYLE = _LAYOUT_STYLE + palette_css()

_REVIEW_SCRIPT = """
(function () {
  "use strict";
  var active = [];
  function clearActive() {
    active.forEach(function (element) { element.classList.remove("active"); });
    active = [];
  }
  function activate(element) { element.classList.add("active"); active.push(element); }
  function factElement(id) { return document.getElementById("fact-" + id); }
  function marksOf(id) {
    return document.querySelectorAll('mark[data-fact="' + CSS.escape(id) + '"]');
  }
  function showFacts(ids) {
    clearActive();
    ids.forEach(function (id) {
      var fact = factElement(id);
      if (fact) { activate(fact); }
      marksOf(id).forEach(activate);
    });
  }
  function selectFact(fact, quoteId) {
    var id = fact.getAttribute("data-fact");
    showFacts([id]);
    fact.scrollIntoView({block: "nearest"});
    var target = document.getElementById(quoteId || fact.getAttribute("data-first-quote") || "");
    if (!target) { target = marksOf(id)[0] || null; }
    if (target) { target.scrollIntoView({block: "center", inline: "nearest"}); }
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var mark = target.closest("mark[data-fact]");
    if (mark) {
      var ids = [];
      for (var m = mark; m; m = m.parentElement && m.parentElement.closest("mark[data-fact]")) {
        var id = m.getAttribute("data-fact");
        if (ids.indexOf(id) < 0) { ids.push(id); }
      }
      showFacts(ids);
      var first = factElement(ids[0]);
      if (first) { first.scrollIntoView({block: "nearest"}); }
      return;
    }
    var fact = target.closest(".fact");
    if (fact) {
      var link = target.closest("a[data-quote]");
      if (link) { event.preventDefault(); }
      selectFact(fact, link ? link.getAttribute("data-quote") : null);
    }
  });
  function selectFromAddress() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var fact = id ? document.getElementById(id) : null;
    if (fact && fact.matches(".fact")) { selectFact(fact, null); }
  }
  window.addEventListener("hashchange", selectFromAddress);
  selectFromAddress();
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Escape") { clearActive(); return; }
    if ((event.key === "Enter" || event.key === " ") && target instanceof Element &&
        target.matches(".fact")) {
      event.preventDefault();
      selectFact(target, null);
    }
  });
})();
"""


def render_review_html(
    record: SummaryRecord, source_text: str | None, *, source_note: str | None = None
) -> str:
    """One self-contained page: the highlighted source beside the structured summary.

    ``source_text`` must be the cleaned text the offsets refer to (see
    :func:`source_for`); None shows the summary alone, with ``source_note``
    saying why the source is unavailable.
    """
    views = fact_views(record, source_text)
    every = list(all_views(views))
    quotes = [quote for item in every for quote in item.quotes]
    located = sum(quote.located for quote in quotes)
    ungrounded = sum(item.ungrounded for item in every)
    counts = (
        f"{len(every)} facts · {located} of {len(quotes)} quotes highlighted · "
        f"{ungrounded} ungrounded · {len(record.provenance.dropped)} removed by the checks"
    )
    banner = (
        ""
        if every
        else f'<p class="banner" id="no-facts" role="note">Warning: {escape(NO_FACTS_WARNING)}; '
        "the headline and summary below are unchecked.</p>"
    )
    body = (
        f'<header class="top"><h1>Review: {escape(record.provenance.source_file or "summary")}</h1>'
        f'<p class="counts">{escape(counts)}</p></header>\n{banner}<main>'
        f"{source_pane(record, source_text, views, source_note)}\n"
        f"{summary_pane(record, views)}</main>"
    )
    return html_page(f"Review: {record.summary.headline}", _REVIEW_STYLE, body, _REVIEW_SCRIPT)
