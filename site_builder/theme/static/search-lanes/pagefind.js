// Pagefind's module interface (what its UI calls) over the index's shards, for the search
// page: Pagefind's UI merges the shards one after another, each waiting for its files
// before the next is asked for; here they are all asked for at once, and a query waits
// until every shard is in. And the first shards carry a copy of Pagefind's runtime each: the
// shards are shared among as many of them as the reader's cores, each a lane that searches
// its share in a module worker of its own (lane.js, searcher.js), where one runtime searches
// them one after another. A lane sends the page every result's score; each result's data
// comes from its worker when the UI shows it (the first ones' begun with the answer).
// Where the browser runs no module worker, a lane's runtime runs in the page (with
// Pagefind's own worker). The UI loads this file as its bundle's pagefind.js (the theme's
// search.js points its `bundlePath` here and names the runtimes in the `lanes` option); the
// results of all come as one list, by score, merged as Pagefind's own mergeIndex merges them.
import { Searcher } from "./searcher.js";

let ready = null;  // the lanes, once each has imported its runtime
let heads = [];  // their own bundles, each its runtime's first index (not merged again)
let merges = [];  // the shards' merges under way
let prepare = (term) => term;  // the page's own splitting of a query (search.js)
let catalog = null;  // where the build packed every shard's entry and metadata (lane.js)
let searches = 0;  // the searches asked for (search and debouncedSearch): a search not the last is dropped
// A lane's runtime searches slowly the first times: as the page opens, each lane searches a
// common word once its first WARM_SHARDS shards are merged (searcher.js: warm), unless the page
// was opened with a query or a query came first. Over a few shards: a few packs, at any size.
const WARM_SHARDS = 2;
let warm = false;

function laneCount(count) {
  const cores = (typeof navigator !== "undefined" && navigator.hardwareConcurrency) || 1;
  return Math.max(1, Math.min(count, cores));
}

// A lane in a module worker: `call` posts a method and its arguments, and answers with what
// the worker's Searcher answered. A worker that fails (it could not load) rejects every call.
function workerLane() {
  const worker = new Worker(new URL("lane.js", import.meta.url), { type: "module" });
  const waiting = new Map();
  let calls = 0;
  worker.onmessage = ({ data: { id, result, error } }) => {
    const call = waiting.get(id);
    waiting.delete(id);
    if (call && error !== undefined) call.reject(new Error(error));
    else if (call) call.resolve(result);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    for (const call of waiting.values()) call.reject(new Error(event.message || "the search worker failed"));
    waiting.clear();
  };
  return {
    worker,
    call: (method, ...args) => new Promise((resolve, reject) => {
      const id = ++calls;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, method, args });
    }),
  };
}

function pageLane() {
  const searcher = new Searcher();
  return { call: async (method, ...args) => (await searcher.handle(method, args))[0] };
}

async function open(head) {
  const url = new URL(head, location.href).href;
  let lane = null;
  try {
    lane = workerLane();
    await lane.call("open", url, catalog && new URL(catalog, location.href).href);
    return lane;
  } catch (error) {  // no module workers here: the lane's runtime runs in the page
    if (lane) lane.worker.terminate();
    lane = pageLane();
    await lane.call("open", url);
    return lane;
  }
}

export async function options(given) {
  const { lanes: bundles = [], prepare: own, catalog: packed, warm: wanted, ...rest } = given || {};
  if (typeof own === "function") prepare = own;
  if (packed) catalog = packed;
  if (wanted) warm = true;
  if (!ready) {
    heads = bundles.slice(0, laneCount(bundles.length));
    ready = Promise.all(heads.map(open));
  }
  await Promise.all((await ready).map((lane) => lane.call("options", rest)));
}

export async function mergeIndex(bundle, given) {
  const lanes = await ready;
  if (heads.includes(bundle)) return;
  // in the order of the shards' numbers, each lane's head first: lane k of L searches the
  // shards whose number is k modulo L (when every shard has pages), and fetches the packs of
  // their words alone (the build's emitters/word_packs.py groups them so)
  merges.push(lanes[merges.length % lanes.length].call("mergeIndex", bundle, given));
  if (merges.length === WARM_SHARDS * lanes.length) warmUp(lanes);
}

// the lanes' warm-up, once, if still wanted (a site of fewer shards: when the UI has merged them all)
function warmUp(lanes) {
  if (!warm) return;
  warm = false;
  for (const lane of lanes) lane.call("warm").catch(() => null);
}

// every lane, once every shard is merged into one of them
async function all() {
  const lanes = await ready;
  await Promise.all(merges);
  return lanes;
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

// The lanes' results as one list by score (each lane's come by score; on equal scores the
// earlier lane's first, as a stable sort of them all), each with its data, asked of its lane.
// A result from a shard that lacks a word of the query some shard has is left out: that
// shard's runtime searched a shorter word instead (searcher.js: words).
// The list is an array made as it is read: the UI reads its length and its first page
// (results.slice(0, 5)), and a word on every page finds them all. Merging all of them at
// once (10,000 results at 10,000 pages, one object each) kept the page's thread 10-54 ms
// from showing the first, after the last lane had answered (开源 on the bench); 25-50 ms at
// 100,000. Read otherwise (an index, a method of arrays, a loop), the rest is merged then.
function results(answers, lanes) {
  const present = answers.reduce((mask, answer) => mask | (answer.present || 0), 0);
  let count = 0;
  for (const answer of answers) {
    const lacks = answer.lacks, n = answer.scores.length;
    if (!lacks || !present) count += n;
    else for (let rank = 0; rank < n; rank++) count += (lacks[rank] & present) ? 0 : 1;
  }
  const at = answers.map(() => 0);
  const merged = [];
  const upTo = (end) => {  // the first `end` results merged
    while (merged.length < Math.min(end, count)) {
      let best = -1, score = 0;
      for (let lane = 0; lane < answers.length; lane++) {
        const scores = answers[lane].scores, i = at[lane];
        if (i < scores.length && (best < 0 || scores[i] > score)) { best = lane; score = scores[i]; }
      }
      if (best < 0) break;
      const answer = answers[best], rank = at[best]++;
      if (answer.lacks && (answer.lacks[rank] & present)) continue;
      merged.push(new Found(lanes[best], answer.number, rank, answer.ids[rank], score, answer.asked && answer.asked[rank]));
    }
    return merged;
  };
  const index = (key) => typeof key === "string" && /^(?:0|[1-9]\d*)$/.test(key) ? Number(key) : -1;
  const spot = (bound) => {  // where Array's slice takes a bound to be, in a list of count
    const k = Math.trunc(Number(bound)) || 0;
    return k < 0 ? Math.max(count + k, 0) : Math.min(k, count);
  };
  const slice = (start, end) => {
    const to = end === undefined ? count : spot(end);
    return upTo(to).slice(spot(start), to);
  };
  // an array of `count` (Array.isArray holds) whose items are merged when read
  return new Proxy(new Array(count), {
    get(target, key) {
      if (key === "length") return count;
      if (key === "slice") return slice;
      const k = index(key);
      if (k >= 0) return k < count ? upTo(k + 1)[k] : undefined;
      const value = Reflect.get(upTo(count), key);  // a method of arrays: on the results merged
      return typeof value === "function" && key !== "constructor" ? value.bind(merged) : value;
    },
    has: (target, key) => { const k = index(key); return k >= 0 ? k < count : key in upTo(count); },
    ownKeys: () => Reflect.ownKeys(upTo(count)),
    getOwnPropertyDescriptor: (target, key) => key === "length" ? Reflect.getOwnPropertyDescriptor(target, key)
      : Reflect.getOwnPropertyDescriptor(upTo(count), key),
  });
}

class Found {
  constructor(lane, number, rank, id, score, asked) {
    this.lane = lane;
    this.number = number;  // the lane's search
    this.rank = rank;  // in the lane's results
    this.id = id;
    this.score = score;
    this.asked = asked;  // its data, if asked for with the answer (see asking)
  }

  data() {
    const asked = this.asked;  // once: a second call gets a copy of its own, as before
    this.asked = null;
    return asked || this.lane.call("data", this.number, this.rank);
  }
}

// The data of a lane's first results, asked for as its answer comes: the page's first results
// are among them, and their data comes while the page merges the lanes' answers, not after
// (the lane begins it with its answer: searcher.js). Each promise is handed to its result once.
const FIRST = 5;  // the UI's first page of results
function asking(lane, answer) {
  const asked = [];
  for (let rank = 0; rank < Math.min(FIRST, answer.scores.length); rank++) {
    const data = lane.call("data", answer.number, rank);
    data.catch(() => null);  // a result the UI never shows: no unhandled rejection
    asked.push(data);
  }
  answer.asked = asked;
  return answer;
}

function merge(answers, lanes) {
  const found = results(answers, lanes);
  const left = answers.reduce((sum, answer) => sum + answer.scores.length, 0) - found.length;
  const response = {
    results: found,
    unfilteredResultCount: answers.reduce((sum, answer) => sum + answer.unfilteredResultCount, 0) - left,
    filters: mergeFilters(answers.map((answer) => answer.filters)),
    totalFilters: mergeFilters(answers.map((answer) => answer.totalFilters)),
    timings: answers.flatMap((answer) => answer.timings),
  };
  if (answers[0].search_keywords) response.search_keywords = answers[0].search_keywords;
  return response;
}

export async function init() {
  await Promise.all((await all()).map((lane) => lane.call("init")));
}

// The UI asks for a search at every change of the query (search.js turns its own wait off).
// A reader typing a letter at a time may type the next: a query one key from the last waits
// TYPING_WAIT ms for it, its files loading meanwhile, and is dropped if it came (the UI shows
// the latest search it asked for). A query that changed otherwise (the word an input method
// commits, 开源 in place of its pinyin; a paste; a value set whole) is searched as soon as its
// files are in, every shard's asked for at once: searched before they were in, it came later
// (on the bench, alternated, 开源 in 504 ms against 444: the search competes with their loading).
export async function search(term, given) {
  warm = false;
  const mine = ++searches;
  const typing = oneKey(lastTerm, term);
  lastTerm = term;
  const loaded = preload(term, given).catch(() => null);
  await (typing ? new Promise((resolve) => setTimeout(resolve, TYPING_WAIT)) : loaded);
  if (mine !== searches) return { results: [], unfilteredResultCount: 0, filters: {}, totalFilters: {}, timings: [] };
  return searchNow(term, given);
}

async function searchNow(term, given) {
  const lanes = await all();
  const ask = (method, ...args) => Promise.all(lanes.map((lane) => lane.call(method, ...args).then(
    (answer) => asking(lane, answer))));
  const answers = await ask("search", term, given);
  // a word no index has, cut into the index's words (cutAbsent): the first of these searches
  // that finds a page, else the runtime's own answer
  for (const [method, query] of await cutAbsent(term, answers, lanes)) {
    const again = await ask(method, query, given);
    if (again.some((answer) => answer.scores.length)) return merge(again, lanes);
  }
  return merge(answers, lanes);
}

// The searches to make instead of a query with a word of Han characters that no index has
// (each lane's answer says which of the query's words all its indexes lack: searcher.js,
// words), the word cut into the fewest words the indexes have, the longest first (searcher.js:
// cut), as the index cut the pages' text: a query of Han words alone joined (李 飞飞, the
// browser's cut of 李飞飞: searched as it, or its words side by side), then the word alone so
// cut, side by side when the query is that word (雷军: 雷 军), each else. [[method, query], ...].
async function cutAbsent(term, answers, lanes) {
  if (!answers.every((answer) => Array.isArray(answer.absent))) return [];
  const absent = answers.map((answer) => answer.absent).reduce((both, words) => both.filter((word) => words.includes(word)));
  if (!absent.length) return [];
  const words = term.toLowerCase().split(/\s+/).filter(Boolean);
  const joined = words.length > 1 && words.every((word) => HAN_WORD.test(word)) ? words.join("") : null;
  const wanted = joined ? [joined, ...absent] : absent;
  const parts = await Promise.all(lanes.map((lane) => lane.call("cut", wanted).catch(() => [])));
  const cut = wanted.map((word, k) => fewest(word, new Set(parts.flatMap((found) => found[k] || []))));
  const searches = [];
  if (joined && cut[0]) searches.push(cut[0].length > 1 ? ["phrase", cut[0]] : ["search", joined]);
  const cuts = new Map(absent.map((word, k) => [word, cut[k + (joined ? 1 : 0)]]).filter(([, pieces]) => pieces));
  if (words.length === 1 && cuts.has(words[0])) searches.push(["phrase", cuts.get(words[0])]);
  else if (cuts.size) searches.push(["search", words.flatMap((word) => cuts.get(word) || [word]).join(" ")]);
  return searches;
}

const HAN_WORD = /^\p{Script=Han}+$/u;

// `word` as the fewest of `words`, the longest first where as few; null when it cannot be
function fewest(word, words) {
  const chars = Array.from(word);
  const best = new Array(chars.length + 1).fill(null);
  best[chars.length] = [];
  for (let i = chars.length - 1; i >= 0; i--) {
    for (let j = chars.length; j > i; j--) {
      const part = chars.slice(i, j).join("");
      if (words.has(part) && best[j] && (!best[i] || best[j].length + 1 < best[i].length)) best[i] = [part, ...best[j]];
    }
  }
  return best[0];
}

const TYPING_WAIT = 100;
let lastTerm = "";

// Whether `after` is `before` with one character typed at its end, or deleted there.
function oneKey(before, after) {
  const [a, b] = [Array.from(before).length, Array.from(after).length];
  return (b === a + 1 && after.startsWith(before)) || (a === b + 1 && before.startsWith(after));
}

// As Pagefind's: null when a later one came within the wait (its own: search's is not added)
export async function debouncedSearch(term, given, wait = 300) {
  const mine = ++searches;
  warm = false;
  lastTerm = term;
  preload(term, given);
  await new Promise((resolve) => setTimeout(resolve, wait));
  if (mine !== searches) return null;
  const answer = await searchNow(term, given);
  return mine === searches ? answer : null;
}

// The UI asks for the files of the query as typed, before it is prepared (processTerm) for
// the search: prepared here, so that a query of several words (基础研究 → 基础 研究) loads
// the files its search reads, not those of one word no index has as well.
export async function preload(term, given) {
  warm = false;
  await Promise.all((await all()).map((lane) => lane.call("preload", prepare(term), given)));
}

export async function filters() {  // what the UI asks once it has merged every shard
  const lanes = await all();
  warmUp(lanes);
  return mergeFilters(await Promise.all(lanes.map((lane) => lane.call("filters"))));
}

export async function destroy() {
  const lanes = ready ? await ready : [];
  await Promise.all(lanes.map((lane) => lane.call("destroy")));
  lanes.forEach((lane) => lane.worker && lane.worker.terminate());
  heads = [];
  merges = [];
  ready = null;
}
