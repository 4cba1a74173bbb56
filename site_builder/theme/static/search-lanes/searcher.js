// One lane of the search page's search (pagefind.js beside this file): a copy of Pagefind's
// runtime over its share of the index's shards, answering a query with the score of every
// result, and the data of each result when the page asks for it. In a module worker (lane.js)
// that is what crosses to the page: Pagefind's own worker posts every result with every place
// its words were found, and at 10,000 pages a name found in most of them made the page's
// thread receive and merge 9,671 such results (its thread busy 205 ms for the query, 120
// without). The data of the first results is begun with the answer, so that it is on its way
// while the page merges the lanes' answers; each comes as it is ready: a long page's (a docs
// collection's reference of 82,000 words and 81 sections took 320 ms) holds back its own
// result, not the answer, which waited for the first five before.
const PAGE = 5;  // results the UI shows at first (its pageSize): their data is begun with the answer
const KEPT = 4;  // searches whose results are kept for the data asked for later ("load more")
const HAN_WORD = /^\p{Script=Han}+$/u;  // a word of Han characters alone
const CUT_CHARACTERS = 8;  // of a word cut (cut): its parts looked up, 36 for eight characters

export class Searcher {
  constructor() {
    this.pagefind = null;
    this.found = new Map();  // search number → its results, by score
    this.searches = 0;
    this.word = null;  // what warm() searches: the word on most pages of the first shard (the build's catalog)
    this.asked = new Map();  // page id → its data being made (pageData)
    this.bundles = [];  // the runtime's indexes, in its order: its own, then those merged into it
    // (index folder, word) → whether a word of that index starts with the word; null when
    // not known (lane.js: hasWordFrom; a lane in the page does not know)
    this.hasWordFrom = null;
    this.hasWord = null;  // (index folder, word) → whether that index has the word itself (lane.js)
    this.playing = null;  // the runtime put in its playground mode, to come (playground)
  }

  // [answer, buffers to transfer with it]
  async handle(method, args) {
    switch (method) {
      case "open":
        this.pagefind = await import(args[0] + "pagefind.js");
        this.bundles = [args[0]];
        return [true];
      case "search": {
        await this.playground();
        const response = await this.pagefind.search(...args);  // its files inflated by the runtime, for words
        return this.answer(response, await this.words(args[0], response.search_keywords));
      }
      case "cut":
        return [await this.cut(args[0])];
      case "phrase":
        return this.answer(await this.phrase(args[0], args[1]));
      case "data":
        return [await this.data(args[0], args[1])];
      case "warm":
        return [await this.warm()];
      case "destroy":
        this.found.clear();
        return [await this.pagefind.destroy()];
      case "mergeIndex":
        this.bundles.push(args[0]);  // the runtime adds it to its indexes as it is asked
        return [await this.pagefind.mergeIndex(...args)];
      case "options": case "init": case "preload": case "filters":
        return [await this.pagefind[method](...args)];
      default:
        throw new Error(`no such method: ${method}`);
    }
  }

  // the answer, with the query words the lane's indexes have (`present`, a bit for each) and
  // those each result's index lacks (`lacks`): see words
  answer(response, { present = 0, lacking = [], absent = [] } = {}) {
    const { results, ...rest } = response;
    const number = ++this.searches;
    const search = { results, data: new Map() };  // rank → its data to come
    this.found.set(number, search);
    for (const old of this.found.keys()) if (this.found.size > KEPT) this.found.delete(old);
    const scores = new Float64Array(results.length);
    const ids = new Array(results.length);
    const lacks = new Uint8Array(results.length);
    results.forEach((result, i) => {
      scores[i] = result.score;
      ids[i] = result.id;
      lacks[i] = lacking[result.instance] || 0;  // the build marks each result with its index (MERGE_MARKED)
    });
    for (let rank = 0; rank < Math.min(PAGE, results.length); rank++) this.data(number, rank).catch(() => null);
    return [{ ...rest, number, ids, scores, lacks, present, absent }, [scores.buffer, lacks.buffer]];
  }

  // A search of a common word as the page opens, over the lane's first shards, and the
  // data of its first results, thrown away. The runtime's code runs slowly the first times
  // (the JavaScript engine compiles it better once it has run): on the 10,000-document bench
  // a reader's first query, typed as the page opened, came 50-90 ms later than after one
  // search had been made (of the five queries, four by as much).
  async warm() {
    if (!this.word) return false;
    await this.playground();
    const response = await this.pagefind.search(this.word);
    await Promise.all(response.results.slice(0, PAGE).map((result) => this.pageData(result).catch(() => null)));
    return true;
  }

  // Given a word that no word of its index starts with, Pagefind's runtime searches the
  // longest word of the index that the query word starts with (李开复 → 李, workshop → work):
  // one index does so only when the word is nowhere in the site, but a shard without it found
  // pages that share only its first letters (ruanyf/weekly in two shards: 李开复 19 results
  // against one index's 4). For the words the runtime looked up (`keywords`: a word of Han
  // characters as it is, another stemmed), which this lane's indexes have (`present`, a bit for
  // each of the first eight) and which each index lacks (`lacking`, by its number in the
  // runtime): the page drops the results of an index that lacks a word some index of any lane
  // has (pagefind.js: results). Not known (a lane in the page, an index the catalog does not
  // list): neither present nor lacking. A runtime that did not say its words (the build did not
  // patch it): the query's words of Han characters alone, which it does not stem.
  async words(term, keywords) {
    if (!this.hasWordFrom) return {};
    const words = (Array.isArray(keywords) ? keywords : String(term || "").toLowerCase().split(/\s+/)
      .filter((word) => HAN_WORD.test(word))).filter(Boolean).slice(0, 8);
    if (!words.length) return {};
    const folders = this.folders();
    const found = await Promise.all(folders.map((folder) =>
      Promise.all(words.map((word) => this.hasWordFrom(folder, word).catch(() => null)))));
    let present = 0;
    const lacking = found.map((has) => has.reduce((mask, there, k) => {
      if (there === true) present |= 1 << k;
      return there === false ? mask | (1 << k) : mask;
    }, 0));
    // the words of Han characters no index of the lane has (each index known to lack it)
    const absent = words.filter((word, k) => HAN_WORD.test(word) && found.every((has) => has[k] === false));
    return { present, lacking, absent };
  }

  // Of each word, its parts (every run of its characters, the first CUT_CHARACTERS) that are
  // words of an index of the lane: what the page cuts a word no index has into (pagefind.js:
  // cutAbsent). Pagefind splits a page's Chinese with jieba, whose dictionary lacks most names:
  // it cut 雷军 into 雷|军 and 斯托曼 into 斯托|曼, which a query of the name (one word: search.js
  // joins the single characters the browser cut it into) does not find, its runtime then
  // searching the longest word of the index it starts with (雷: 24 pages of ruanyf/weekly, 4 of
  // them naming him).
  async cut(words) {
    if (!this.hasWord) return words.map(() => []);
    const folders = this.folders();
    return Promise.all(words.map(async (word) => {
      const chars = Array.from(word).slice(0, CUT_CHARACTERS);
      const parts = [];
      for (let i = 0; i < chars.length; i++) {
        for (let j = i + 1; j <= chars.length; j++) parts.push(chars.slice(i, j).join(""));
      }
      // the files that would hold them, loaded by the runtime (which hands each to the lane as
      // it inflates it: lane.js), as for a search: faster than the lane's own inflating, and
      // at hand if the page searches them next
      await this.pagefind.preload(parts.join(" ")).catch(() => null);
      const there = await Promise.all(parts.map(async (part) =>
        (await Promise.all(folders.map((folder) => this.hasWord(folder, part).catch(() => null)))).includes(true)));
      return parts.filter((_, k) => there[k]);
    }));
  }

  // The pages with these words of the index side by side, by their score for the words (a
  // query in quotes finds them, but Pagefind scores each of its results alike): the results of
  // the words searched, those it found kept. The words are searched only if some page has
  // them side by side: of single characters, they are on most pages of a large site (型 模 on
  // 6,865 of the 10,000-document bench's, 0.4 s).
  async phrase(pieces, given) {
    const side = await this.pagefind.search(`"${pieces.join(" ")}"`, given);
    if (!side.results.length) return side;
    const ids = new Set(side.results.map((result) => result.id));
    const response = await this.pagefind.search(pieces.join(" "), given);
    const results = response.results.filter((result) => ids.has(result.id));
    return { ...response, results, unfilteredResultCount: results.length };
  }

  // the index folders of the lane's bundles (where lane.js reads their words)
  folders() {
    return this.bundles.map((bundle) => new URL("index/", new URL(bundle, self.location.href)).pathname);
  }

  // The runtime stems a word of other scripts before it looks it up (zebras → zebra), and the
  // page cannot. In its playground mode (the build adds it to the runtime's interface:
  // emitters/search.py, EXPORTS_PLAYGROUND) the runtime's first index says, with its results,
  // the words it looked up (`search_keywords`); only that index's results carry the mode's
  // details of their scores (one shard of a lane's 32 at 10,000 documents). Once, before the
  // lane's first search; a lane that cannot (in the page) does not.
  playground() {
    if (!this.playing) {
      const runtime = this.pagefind;
      this.playing = this.hasWordFrom && runtime && typeof runtime.enterPlaygroundMode === "function"
        ? runtime.enterPlaygroundMode().catch(() => null) : Promise.resolve();
    }
    return this.playing;
  }

  // a result's data, made once (a fragment that fails to load fails its result alone)
  data(number, rank) {
    const search = this.found.get(number);
    if (!search || !search.results[rank]) return Promise.resolve(null);
    if (!search.data.has(rank)) search.data.set(rank, this.pageData(search.results[rank]));
    return search.data.get(rank);
  }

  // Pagefind's runtime keeps one object for a page's data and, once the page's fragment is
  // in, sets on it the excerpt and places of the search asking: two searches waiting for the
  // same fragment both got the object as the later one left it (a search typed as the page
  // opened showed excerpts marking the warm-up's word). A page's data is asked for once at a
  // time, and each answer copied before the next is asked for.
  pageData(result) {
    const before = this.asked.get(result.id) || Promise.resolve();
    const made = before.catch(() => null).then(() => result.data()).then((data) => ({ ...data }));
    this.asked.set(result.id, made);
    const done = () => { if (this.asked.get(result.id) === made) this.asked.delete(result.id); };
    made.then(done, done);
    return made;
  }
}
