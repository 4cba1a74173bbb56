// A lane of the search page's search in a module worker of its own (searcher.js).
//
// Pagefind's runtime asks for each shard's pagefind-entry.json and then its metadata, one
// request each, before a query can ask for its words' files. The build also writes them all
// in two files (emitters/search.py: CATALOG, PACK), read once here on opening, and this
// worker answers those requests from them: a page opened at ?q= then waits for two requests
// instead of two per shard. A file the catalog does not name (or a catalog that could not
// be read) is fetched as Pagefind asks.
import { Searcher } from "./searcher.js";

const packed = new Map();  // a file's path on the site → its bytes, or an entry's text
const fetchFile = self.fetch.bind(self);
self.fetch = (input, init) => {
  const address = new URL(typeof input === "string" ? input : input.url, self.location.href);
  const body = packed.get(address.pathname);
  return body === undefined ? fetchFile(input, init) : Promise.resolve(new Response(body));
};

async function unpack(catalog) {
  try {
    const [named, pack] = await Promise.all([
      fetchFile(catalog).then((response) => response.ok ? response.json() : null),
      // the pack, beside the catalog (PACK)
      fetchFile(new URL("shards.pack", new URL(catalog, self.location.href))).then(
        (response) => response.ok ? response.arrayBuffer() : null),
    ]);
    if (!named || !pack) return;
    const path = (address) => new URL(address, self.location.href).pathname;
    for (const [address, entry] of Object.entries(named.entries)) packed.set(path(address), JSON.stringify(entry));
    for (const [address, [offset, size]] of Object.entries(named.metas)) {
      if (offset + size <= pack.byteLength) packed.set(path(address), new Uint8Array(pack, offset, size));
    }
  } catch (error) {  // Pagefind fetches each file itself
    packed.clear();
  }
}

const searcher = new Searcher();
self.onmessage = async ({ data: { id, method, args } }) => {
  try {
    if (method === "open" && args[1]) await unpack(args[1]);
    const [result, transfer] = await searcher.handle(method, args);
    self.postMessage({ id, result }, transfer || []);
  } catch (error) {
    self.postMessage({ id, error: String((error && error.message) || error) });
  }
};
