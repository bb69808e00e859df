// Search with Pagefind (the only script on the site). The page works without
// it: the <noscript> message points readers to the browse pages instead.
// Results are built with DOM methods only; Pagefind's excerpt is split on its
// <mark> tags and every other part is inserted as text.
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const base = new URL(form.dataset.base, window.location.href).pathname;
const bundle = new URL(form.dataset.bundle, window.location.href).href;
let pagefind = null;

function message(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

function decode(html) {
  return new DOMParser().parseFromString(html, "text/html").documentElement.textContent || "";
}

function excerptNodes(excerpt) {
  const out = [];
  let marked = false;
  for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") { marked = true; continue; }
    if (part === "</mark>") { marked = false; continue; }
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

async function run(query) {
  list.replaceChildren();
  if (!query.trim()) { status.textContent = ""; return; }
  status.textContent = form.dataset.msgLoading;
  if (pagefind === null) {
    pagefind = await import(bundle + "pagefind.js");
    await pagefind.options({ baseUrl: base });
    // A large site's index comes in shards (search.py): search them as one.
    for (const shard of (form.dataset.shards || "").split(" ").filter(Boolean)) {
      await pagefind.mergeIndex(new URL(shard, window.location.href).href, { baseUrl: base });
    }
  }
  const search = await pagefind.search(query);
  const results = await Promise.all(search.results.map((r) => r.data()));
  const count = results.length;
  status.textContent = message(count ? form.dataset.msgResults : form.dataset.msgNone, { count, query });
  for (const result of results) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = result.url;
    link.textContent = (result.meta && result.meta.title) || result.url;
    const excerpt = document.createElement("p");
    excerpt.append(...excerptNodes(result.excerpt || ""));
    item.append(link, excerpt);
    list.appendChild(item);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  const url = new URL(window.location.href);
  url.searchParams.set("q", query);
  window.history.replaceState(null, "", url);
  run(query);
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
