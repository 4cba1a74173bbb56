// Pagefind's module interface (what its UI calls) over the index's shards, for the search
// page: Pagefind's UI merges the shards one after another, each waiting for its files
// before the next is asked for; here they are all asked for at once, and a query waits
// until every shard is in. And the first shards carry a copy of Pagefind's runtime each,
// every copy with a web worker of its own: the shards are shared among as many of them as
// the reader's cores, and searched at once, where one worker searches them one after another.
// The UI loads this file as its bundle's pagefind.js (the theme's search.js points its
// `bundlePath` here and names the runtimes in the `lanes` option); the results of all
// come as one list, by score, merged as Pagefind's own mergeIndex merges them.
let ready = null;  // the runtimes in use, once imported
let heads = [];  // their own bundles, each its runtime's first index (not merged again)
let merges = [];  // the shards' merges under way

function laneCount(count) {
  const cores = (typeof navigator !== "undefined" && navigator.hardwareConcurrency) || 1;
  return Math.max(1, Math.min(count, cores));
}

export async function options(given) {
  const { lanes: bundles = [], ...rest } = given || {};
  if (!ready) {
    heads = bundles.slice(0, laneCount(bundles.length));
    ready = Promise.all(heads.map((bundle) => import(bundle + "pagefind.js")));
  }
  await Promise.all((await ready).map((lane) => lane.options(rest)));
}

export async function mergeIndex(bundle, given) {
  const lanes = await ready;
  if (heads.includes(bundle)) return;
  merges.push(lanes[merges.length % lanes.length].mergeIndex(bundle, given));
}

// every runtime, once every shard is merged into one of them
async function all() {
  const loaded = await ready;
  await Promise.all(merges);
  return loaded;
}

// Pagefind's mergeFilters: the counts of one filter's value added up
function mergeFilters(answers) {
  const merged = {};
  for (const filters of answers) {
    for (const [key, values] of Object.entries(filters || {})) {
      const into = (merged[key] = merged[key] || {});
      for (const [value, count] of Object.entries(values)) into[value] = (into[value] || 0) + count;
    }
  }
  return merged;
}

function merge(answers) {
  if (answers.some((answer) => !answer)) return null;  // a debounced search overtaken by a newer one
  const response = {
    results: answers.flatMap((answer) => answer.results).sort((a, b) => b.score - a.score),
    unfilteredResultCount: answers.reduce((sum, answer) => sum + answer.unfilteredResultCount, 0),
    filters: mergeFilters(answers.map((answer) => answer.filters)),
    totalFilters: mergeFilters(answers.map((answer) => answer.totalFilters)),
    timings: answers.flatMap((answer) => answer.timings),
  };
  if (answers[0].search_keywords) response.search_keywords = answers[0].search_keywords;
  return response;
}

export async function init() {
  await Promise.all((await all()).map((lane) => lane.init()));
}

export async function search(term, given) {
  return merge(await Promise.all((await all()).map((lane) => lane.search(term, given))));
}

export async function debouncedSearch(term, given, wait) {
  return merge(await Promise.all((await all()).map((lane) => lane.debouncedSearch(term, given, wait))));
}

export async function preload(term, given) {
  await Promise.all((await all()).map((lane) => lane.preload(term, given)));
}

export async function filters() {
  return mergeFilters(await Promise.all((await all()).map((lane) => lane.filters())));
}

export async function destroy() {
  await Promise.all((await all()).map((lane) => lane.destroy()));
  heads = [];
  merges = [];
  ready = null;
}
