// A lane of the search page's search in a module worker of its own (searcher.js).
import { Searcher } from "./searcher.js";

const searcher = new Searcher();
self.onmessage = async ({ data: { id, method, args } }) => {
  try {
    const [result, transfer] = await searcher.handle(method, args);
    self.postMessage({ id, result }, transfer || []);
  } catch (error) {
    self.postMessage({ id, error: String((error && error.message) || error) });
  }
};
