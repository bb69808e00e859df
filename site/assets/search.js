// Search with Pagefind (the only script on the site). The page works without
// it: the <noscript> message points readers to the browse pages instead.
// Results are built with DOM methods only; Pagefind's excerpt is split on its
// <mark> tags and every other part is decoded and inserted as text.
//
// Pagefind 1.5 runs its WebAssembly in a Web Worker (pagefind-worker.js) and
// falls back to the page when the worker fails; both compile WebAssembly, which
// the search page's CSP allows with 'wasm-unsafe-eval' (never 'unsafe-eval').
// Loading is single-flight: a second search while the first is still loading
// waits for the same initialisation instead of starting Pagefind twice.
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const help = document.getElementById("search-help");
const suggestion = document.getElementById("search-suggestion");
const base = new URL(form.dataset.base, window.location.href).pathname;
const bundle = new URL(form.dataset.bundle, window.location.href).href;
const SHOWN = 30;
let loading = null;
let latest = 0;

function message(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

// Pagefind's excerpts are HTML-escaped text. Decoding a part on its own keeps
// its spaces (an HTML parser drops the leading space of " reactors").
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function excerptNodes(excerpt) {
  const out = [];
  let marked = false;
  for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") { marked = true; continue; }
    if (part === "</mark>") { marked = false; continue; }
    if (!part) continue;
    const text = document.createTextNode(decode(part));
    if (marked) {
      const mark = document.createElement("mark");
      mark.appendChild(text);
      out.push(mark);
    } else {
      out.push(text);
    }
  }
  return out;
}

// Japanese has no spaces: Pagefind segments it into words and matches word by
// word, so タイムマシン would find the タイム of リアルタイム. A Japanese term must
// occur as written in the page (and in a section's excerpt, for its link).
const JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]/;
function squash(text) {
  return decode(text.replace(/<\/?mark>/g, "")).normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}
function japaneseTerms(query) {
  return query.split(/\s+/).filter((term) => JAPANESE.test(term)).map((term) => squash(term));
}
function holds(text, terms) {
  const flat = squash(text);
  return terms.every((term) => flat.includes(term));
}

// A misspelt query ("Pixtal") finds nothing: offer the nearest registered name
// (the names are the <datalist> of the search box), edit distance 1, or 2 for long words.
function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
function suggest(query) {
  const words = new Map();
  for (const option of document.querySelectorAll("#search-names option")) {
    for (const word of option.value.split(/[\s・()()、,/]+/)) {
      if (word.length >= 3) words.set(word.toLowerCase(), word);
    }
  }
  let changed = false;
  const out = query.trim().split(/\s+/).map((term) => {
    const lower = term.toLowerCase();
    if (words.has(lower) || term.length < 3) return term;
    const limit = term.length > 7 ? 2 : 1;
    let best = null;
    let bestScore = limit + 1;
    for (const [key, word] of words) {
      if (Math.abs(key.length - lower.length) > limit) continue;
      const score = distance(lower, key);
      if (score < bestScore || (score === bestScore && best !== null && word < best)) { best = word; bestScore = score; }
    }
    if (best === null) return term;
    changed = true;
    return best;
  });
  return changed ? out.join(" ") : null;
}

function searchUrl(query) {
  const url = new URL(window.location.href);
  url.searchParams.set("q", query);
  return url.pathname + url.search;
}

function showHelp(query) {
  help.hidden = false;
  suggestion.replaceChildren();
  const better = suggest(query);
  if (better) {
    const link = document.createElement("a");
    link.href = searchUrl(better);
    link.textContent = better;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      input.value = better;
      go(better);
    });
    const [before, after] = form.dataset.msgSuggest.split("{suggestion}");
    suggestion.append(before, link, after ?? "");
    suggestion.hidden = false;
  } else {
    suggestion.hidden = true;
  }
}

function load() {
  if (loading === null) {
    loading = (async () => {
      const pagefind = await import(bundle + "pagefind.js");
      await pagefind.options({ baseUrl: base });
      // A large site's index comes in shards (search.py): search them as one.
      for (const shard of (form.dataset.shards || "").split(" ").filter(Boolean)) {
        await pagefind.mergeIndex(new URL(shard, window.location.href).href, { baseUrl: base });
      }
      return pagefind;
    })();
  }
  return loading;
}

// A section's anchor is the id of its (visually hidden) heading, `claim-<id>-h`: the
// link goes to the claim or quote itself, `claim-<id>`.
function sectionHref(url) {
  return url.replace(/#((?:claim|quote)-.+)-h$/, "#$1");
}

function resultItem(result, terms) {
  const item = document.createElement("li");
  const head = document.createElement("p");
  head.className = "result-head";
  const link = document.createElement("a");
  link.href = result.url;
  link.textContent = (result.meta && result.meta.title) || result.url;
  head.append(link);
  const kind = result.meta && result.meta.kind && form.dataset["kind" + result.meta.kind[0].toUpperCase() + result.meta.kind.slice(1)];
  if (kind) {
    const label = document.createElement("span");
    label.className = "result-kind";
    label.textContent = kind;
    head.append(" ", label);
  }
  item.append(head);
  // The claims and quotes that match, those with the most matching words first (Pagefind lists them in page order).
  const sections = (result.sub_results || [])
    .filter((sub) => /#(claim|quote)-.+-h$/.test(sub.url) && (!terms.length || holds(sub.excerpt || "", terms)))
    .map((sub, index) => ({ sub, index, hits: (sub.locations || []).length }))
    .sort((a, b) => b.hits - a.hits || a.index - b.index)
    .map((entry) => entry.sub);
  if (sections.length) {
    const subs = document.createElement("ul");
    subs.className = "sub-results";
    for (const sub of sections.slice(0, 3)) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = sectionHref(sub.url);
      a.textContent = sub.title;
      const excerpt = document.createElement("p");
      const nodes = excerptNodes(sub.excerpt || "");
      // the section's own heading opens its text: shown once, as the link
      const first = nodes[0];
      if (first && first.nodeType === Node.TEXT_NODE && first.data.startsWith(sub.title + ". ")) {
        first.data = first.data.slice(sub.title.length + 2);
      }
      excerpt.append(...nodes);
      li.append(a, excerpt);
      subs.append(li);
    }
    item.append(subs);
  } else {
    const excerpt = document.createElement("p");
    excerpt.append(...excerptNodes(result.excerpt || ""));
    item.append(excerpt);
  }
  return item;
}

async function run(query) {
  const turn = ++latest;
  list.replaceChildren();
  help.hidden = true;
  if (!query.trim()) { status.textContent = ""; return; }
  status.textContent = form.dataset.msgLoading;
  const pagefind = await load();
  const search = await pagefind.search(query);
  const terms = japaneseTerms(query);
  // The first SHOWN results are loaded (each is a fragment file); the count is of them all.
  let results = await Promise.all(search.results.slice(0, SHOWN).map((r) => r.data()));
  let count = search.results.length;
  if (terms.length) {
    results = results.filter((r) => holds(r.content || "", terms));
    count = results.length;
  }
  if (turn !== latest) return; // a newer search has started
  status.textContent = message(count ? form.dataset.msgResults : form.dataset.msgNone, { count, query });
  for (const result of results) list.appendChild(resultItem(result, terms));
  if (!count) showHelp(query);
}

function go(query) {
  window.history.replaceState(null, "", searchUrl(query));
  run(query);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  go(input.value);
});

// Opened from file://, the browser blocks the index (and, in most browsers, this script): the page then
// keeps its notice that says to run `newskb serve`. Served over http(s), the notice is removed.
function fileNotice() {
  const notice = document.getElementById("search-file");
  if (notice && window.location.protocol !== "file:") notice.remove();
  return window.location.protocol === "file:";
}

const onFile = fileNotice();
if (onFile) {
  form.addEventListener("submit", (event) => { event.preventDefault(); event.stopImmediatePropagation(); }, { capture: true });
}

const initial = new URLSearchParams(window.location.search).get("q");
if (initial && !onFile) {
  input.value = initial;
  run(initial);
}
