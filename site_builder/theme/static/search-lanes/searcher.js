// One lane of the search page's search (pagefind.js beside this file): a copy of Pagefind's
// runtime over its share of the index's shards, answering a query with the score of every
// result but the data of its first page of results only. In a module worker (lane.js) that
// is what crosses to the page: Pagefind's own worker posts every result with every place its
// words were found, and at 10,000 pages a name found in most of them made the page's thread
// receive and merge 9,671 such results (its thread busy 205 ms for the query, 120 without).
const PAGE = 5;  // results the UI shows at first (its pageSize): their data comes with the answer
const KEPT = 4;  // searches whose results are kept for the data asked for later ("load more")

export class Searcher {
  constructor() {
    this.pagefind = null;
    this.found = new Map();  // search number → its results, by score
    this.searches = 0;
  }

  // [answer, buffers to transfer with it]
  async handle(method, args) {
    switch (method) {
      case "open":
        this.pagefind = await import(args[0] + "pagefind.js");
        return [true];
      case "search":
        return this.answer(await this.pagefind.search(...args));
      case "data": {
        const results = this.found.get(args[0]);
        return [results && results[args[1]] ? await results[args[1]].data() : null];
      }
      case "destroy":
        this.found.clear();
        return [await this.pagefind.destroy()];
      case "options": case "mergeIndex": case "init": case "preload": case "filters":
        return [await this.pagefind[method](...args)];
      default:
        throw new Error(`no such method: ${method}`);
    }
  }

  async answer(response) {
    const { results, ...rest } = response;
    const number = ++this.searches;
    this.found.set(number, results);
    for (const old of this.found.keys()) if (this.found.size > KEPT) this.found.delete(old);
    const scores = new Float64Array(results.length);
    const ids = new Array(results.length);
    results.forEach((result, i) => { scores[i] = result.score; ids[i] = result.id; });
    // a fragment that fails to load fails its result alone (the page asks again), not the search
    const first = await Promise.all(results.slice(0, PAGE).map((result) => result.data().catch(() => null)));
    return [{ ...rest, number, ids, scores, first }, [scores.buffer]];
  }
}
