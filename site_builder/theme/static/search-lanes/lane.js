// A lane of the search page's search in a module worker of its own (searcher.js).
//
// Pagefind's runtime asks for each shard's pagefind-entry.json and then its metadata, one
// request each, before a query can ask for its words' files. The build also writes them all
// in two files (emitters/search.py: CATALOG, PACK), read once here on opening, and this
// worker answers those requests from them: a page opened at ?q= then waits for two requests
// instead of two per shard. A file the catalog does not name (or a catalog that could not
// be read) is fetched as Pagefind asks.
//
// A query word then asks for one index file of every shard. The build packs those files by
// their first word (emitters/word_packs.py), and the catalog says where each is: this worker
// fetches the packs that hold them, a few for a word instead of one request per shard, and
// answers Pagefind's requests from them. A file no pack holds, or whose pack could not be
// fetched, is fetched as Pagefind asks.
import { Searcher } from "./searcher.js";

const packed = new Map();  // a file's path on the site → its bytes, or an entry's text
// a shard's index folder on the site → its files' names → [pack, offset, size, first word]
const chunks = new Map();
const firsts = new Map();  // a shard's index folder → its files' [first word, name], by first word
const unzipped = new Map();  // an index file's path → its bytes unzipped to come (the last KEPT_FILES)
const KEPT_FILES = 512;  // two words' files of every shard of a lane at 100,000 documents
const packs = new Map();  // a pack's name → its bytes to come (the last KEPT_PACKS fetched)
const KEPT_PACKS = 64;  // Pagefind keeps each file once it has it: a pack is for the query's other shards
let words = null;  // where the packs are (the catalog's "words")
const fetchFile = self.fetch.bind(self);
self.fetch = (input, init) => {
  const address = new URL(typeof input === "string" ? input : input.url, self.location.href);
  const body = packed.get(address.pathname);
  if (body !== undefined) return Promise.resolve(new Response(body));
  const spot = indexFile(address.pathname);
  if (!spot) return fetchFile(input, init);
  return fromPack(spot).then((bytes) => bytes ? new Response(bytes) : fetchFile(input, init));
};

// an index file of a shard (FOLDER/NAME.pf_index) that a pack holds: where it is
function indexFile(path) {
  const match = /^(.*\/)([^/]+)\.pf_index$/.exec(path);
  const names = match && chunks.get(match[1]);
  return names && Object.prototype.hasOwnProperty.call(names, match[2]) ? names[match[2]] : null;
}

function fromPack([name, offset, size]) {
  if (!packs.has(name)) {
    packs.set(name, fetchFile(new URL(`${name}.pack`, words)).then(
      (response) => response.ok ? response.arrayBuffer() : null).catch(() => null));
    for (const old of packs.keys()) if (packs.size > KEPT_PACKS) packs.delete(old);
  }
  return packs.get(name).then((pack) => pack && offset + size <= pack.byteLength ? new Uint8Array(pack, offset, size) : null);
}

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
    if (named.words && named.chunks) {  // the packs of the index files, and where each file is in them
      words = new URL(named.words, self.location.href);
      for (const [folder, names] of Object.entries(named.chunks)) chunks.set(path(folder), names);
    }
    if (typeof named.warm === "string") searcher.word = named.warm;  // what the lane searches as the page opens
  } catch (error) {  // Pagefind fetches each file itself
    packed.clear();
    chunks.clear();
  }
}

// Whether a word of a shard's index starts with `word` (searcher.js: words), from the file
// that would hold such words: the last whose first word is not after it, and any after that
// begins with it. Pagefind's index file is [[word, pages], ...] in CBOR after its signature: a
// word that starts with `word` is a text string whose bytes begin with word's, right after the
// string's head (its kind and length), which no page number or place can look like. null:
// the catalog does not say (the lane then keeps that shard's results).
const encoder = new TextEncoder();
const SIGNATURE = encoder.encode("pagefind_dcd");

// an unzipped index file's bytes, or null when they do not begin as Pagefind's do
function signed(bytes) {
  return SIGNATURE.every((b, i) => bytes[i] === b) ? bytes : null;
}

function keep(path, bytes) {
  unzipped.set(path, bytes);
  for (const old of unzipped.keys()) if (unzipped.size > KEPT_FILES) unzipped.delete(old);
}

// the index files the runtime inflates (the build patches the runtime to hand them over:
// emitters/search.py, INFLATE_SHOWN)
self.pagefindInflated = (file, bytes) => keep(new URL(file, self.location.href).pathname, Promise.resolve(signed(bytes)));

async function hasWordFrom(folder, word) {
  return lookUp(folder, word, false);
}

// Whether a shard's index has `word` itself, not only words that start with it (searcher.js:
// cut); null when the catalog does not say.
async function hasWord(folder, word) {
  return lookUp(folder, word, true);
}

async function lookUp(folder, word, exact) {
  const names = chunks.get(folder);
  if (!names) return null;
  if (!firsts.has(folder)) {
    const listed = Object.entries(names).map(([name, spot]) => [spot[3], name]);
    if (!listed.every(([first]) => typeof first === "string")) return null;
    firsts.set(folder, listed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  const listed = firsts.get(folder);
  const found = exact ? (first) => first === word : (first) => first.startsWith(word);
  let at = -1;
  for (let i = 0; i < listed.length && listed[i][0] <= word; i++) at = i;
  if (at + 1 < listed.length && found(listed[at + 1][0])) return true;
  if (at < 0) return false;
  if (found(listed[at][0])) return true;
  const bytes = await unzip(folder + listed[at][1] + ".pf_index", names[listed[at][1]]);
  return bytes ? hasAString(bytes, encoder.encode(word), exact) : null;
}

// an index file unzipped: as the runtime inflated it, or here when it did not load it
function unzip(path, spot) {
  if (!unzipped.has(path)) {
    keep(path, fromPack(spot).then(async (zipped) => {
      if (!zipped) return null;
      const stream = new Blob([zipped]).stream().pipeThrough(new DecompressionStream("gzip"));
      return signed(new Uint8Array(await new Response(stream).arrayBuffer()));
    }).catch(() => null));
  }
  return unzipped.get(path);
}

// whether a CBOR text string of `bytes` begins with `word` (its UTF-8 bytes), or is it (exact)
function hasAString(bytes, word, exact) {
  const n = word.length;
  const fits = exact ? (length) => length === n : (length) => length >= n;
  for (let i = bytes.indexOf(word[0], SIGNATURE.length); i >= 0; i = bytes.indexOf(word[0], i + 1)) {
    let same = i + n <= bytes.length;
    for (let k = 1; same && k < n; k++) same = bytes[i + k] === word[k];
    if (!same) continue;
    const head = bytes[i - 1];
    if (head >= 0x60 && head <= 0x77 && fits(head - 0x60)) return true;  // a string of up to 23 bytes
    if (bytes[i - 2] === 0x78 && fits(head)) return true;  // of up to 255
    if (bytes[i - 3] === 0x79 && fits((bytes[i - 2] << 8) | head)) return true;  // of up to 65,535
  }
  return false;
}

const searcher = new Searcher();
searcher.hasWordFrom = hasWordFrom;
searcher.hasWord = hasWord;
self.onmessage = async ({ data: { id, method, args } }) => {
  try {
    if (method === "open" && args[1]) await unpack(args[1]);
    const [result, transfer] = await searcher.handle(method, args);
    self.postMessage({ id, result }, transfer || []);
  } catch (error) {
    self.postMessage({ id, error: String((error && error.message) || error) });
  }
};
