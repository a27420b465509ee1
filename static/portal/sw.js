// Service worker of the floor pages (docs/offline-queue.md), served at /sw.js so its scope is the whole portal.
//
// Caches two things only:
//  * static files (/static/...): served from the cache at once and refreshed in the background;
//  * the page shell of floor pages that ask for it (the page posts {type: "cache-shell"}): fetched from the
//    network first, the cached copy served only when there is no connection.
// Never cached: anything but GET (submissions), the API, htmx partials, any other page. The cached pages belong
// to the person signed in: when a page reports another user (or the sign-in page reports nobody), they are dropped.
"use strict";

const VERSION = "__SW_VERSION__";
const STATIC_CACHE = `portal-static-${VERSION}`;
const PAGES_CACHE = "portal-pages";  // kept across versions: queued work needs its page while offline
const USER_KEY = "/__portal-sw-user__";  // a synthetic entry remembering whose pages are cached

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith("portal-static-") && n !== STATIC_CACHE)
      .map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

function isStatic(url) { return url.origin === self.location.origin && url.pathname.startsWith("/static/"); }

function pageKey(url) {
  // One copy per page, whatever its query (?line=3): the shell is the same, the page picks its line itself.
  const u = new URL(url); u.search = ""; u.hash = ""; return u.href;
}

async function cachedUser(cache) {
  const hit = await cache.match(USER_KEY);
  return hit ? hit.text() : null;
}

async function forUser(user) {
  const cache = await caches.open(PAGES_CACHE);
  if ((await cachedUser(cache)) !== user) {
    await caches.delete(PAGES_CACHE);
    const fresh = await caches.open(PAGES_CACHE);
    await fresh.put(USER_KEY, new Response(user));
    return fresh;
  }
  return cache;
}

async function cacheShell(data) {
  const user = String(data.user || "");
  const pages = await forUser(user);
  if (!user || !data.url) { return; }  // signed out: nothing is kept
  const response = await fetch(data.url, {credentials: "same-origin", redirect: "error"}).catch(() => null);
  if (response && response.ok && response.headers.get("X-Offline-Shell")) {
    await pages.put(pageKey(data.url), response);
  }
  const statics = await caches.open(STATIC_CACHE);
  await Promise.all((data.assets || []).map(async (asset) => {
    const url = new URL(asset, self.location.origin);
    if (!isStatic(url) || await statics.match(url.href)) { return; }
    const r = await fetch(url.href).catch(() => null);
    if (r && r.ok) { await statics.put(url.href, r); }
  }));
}

// Messages are handled one after the other: a sign-in page's "nobody" must not interleave with the next page's
// "keep my shell" (a purge racing a put would lose the page or keep one of the wrong user).
let pending = Promise.resolve();
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "cache-shell" || data.type === "user") {
    pending = pending.then(() => cacheShell(data)).catch(() => null);
    event.waitUntil(pending);
  }
});

async function staticFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const hit = await cache.match(request);
  const refresh = fetch(request).then((r) => {
    if (r.ok) { cache.put(request, r.clone()); }
    return r;
  });
  if (hit) { refresh.catch(() => null); return hit; }
  return refresh;
}

async function pageNetworkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected && response.headers.get("X-Offline-Shell")) {
      const pages = await caches.open(PAGES_CACHE);
      if (await pages.match(pageKey(request.url))) { await pages.put(pageKey(request.url), response.clone()); }
    }
    return response;
  } catch (err) {
    const pages = await caches.open(PAGES_CACHE);
    const hit = await pages.match(pageKey(request.url));
    if (hit) { return hit; }
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") { return; }  // submissions go to the network, always
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (isStatic(url)) { event.respondWith(staticFirst(request)); return; }
  if (request.mode === "navigate") { event.respondWith(pageNetworkFirst(request)); }
  // everything else (htmx partials, the API, exports): straight to the network, never cached
});
