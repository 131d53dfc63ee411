// What PDF.js, the reader inside Firefox, finds in PDFs: for each file named on the command line, one
// JSON line {"path", "text", "find", "structure"}.
// - "text": the page's text as Firefox's text layer holds it (getTextContent with marked content and
//   without normalisation, as web/text_layer_builder.js asks), a line's end as "\n": what copy-paste
//   gives (Firefox's copy handler only normalises Unicode, which the tests do too);
// - "find": what Firefox's find bar searches: the page text as PDF.js's own find controller
//   (web/pdf_find_controller.js) extracts and normalises it, a hyphen at a line's end between two
//   letters taken out ("Behand-\nlungen" is "Behandlungen"), other line ends made spaces;
// - "structure": what Firefox hands to assistive technology: the structure tree read depth first, an
//   element's /Alt or /ActualText in place of its content, each marked-content sequence's text where
//   the tree names it.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { readFile } from "node:fs/promises";

// The find controller comes with the viewer's components, whose module reads these as it loads (the
// stylesheet's root, a probe element, an animation frame); it needs none of them to search.
globalThis.document ??= { documentElement: { style: {} }, createElement: () => ({ style: {} }) };
globalThis.window ??= { requestAnimationFrame: () => {} };
const { EventBus, PDFFindController } = await import("pdfjs-dist/legacy/web/pdf_viewer.mjs");

async function searched(pages) {
  // A search makes the controller read every page (one _extractTextPromises entry each, in turn) with
  // getTextContent({disableNormalization: true}); it is handed the text items already read with the
  // marked content (the same items, the same text), so each page's text is extracted once. Its
  // _pageContents are the normalised texts it matches queries against.
  const document = {
    getPage: async (number) => ({ getTextContent: async () => ({ items: pages[number - 1] }) }),
  };
  const eventBus = new EventBus();
  const find = new PDFFindController({ linkService: { pagesCount: pages.length, page: 1 }, eventBus });
  find.setDocument(document);
  eventBus.dispatch("find", { source: null, type: "", query: "search", caseSensitive: false, entireWord: false,
                              highlightAll: true, findPrevious: false, matchDiacritics: false });
  while (find._extractTextPromises.length < pages.length) await new Promise((done) => setImmediate(done));
  await Promise.all(find._extractTextPromises);
  return find._pageContents.join("\n");
}

async function read(path) {
  const data = new Uint8Array(await readFile(path));
  const document = await getDocument({ data, verbosity: 0, useSystemFonts: false }).promise;
  const text = [], structure = [], items = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    // text under the nearest enclosing marked content that has an id, as Firefox's text layer does
    const marked = new Map(), open = [], texts = [];
    const content = await page.getTextContent({ includeMarkedContent: true, disableNormalization: true });
    for (const item of content.items) {
      if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") {
        open.push(item.id ?? null);
      } else if (item.type === "endMarkedContent") {
        open.pop();
      } else if (item.str !== undefined) {
        texts.push(item);
        const str = item.str + (item.hasEOL ? "\n" : "");
        const id = open.findLast((entry) => entry !== null);
        if (id !== undefined) marked.set(id, (marked.get(id) ?? "") + str);
      }
    }
    items.push(texts);
    text.push(texts.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""));
    const parts = [];
    const walk = (node) => {
      if (node.alt !== undefined) parts.push(node.alt);
      else if (node.type === "content") parts.push(marked.get(node.id) ?? "");
      else for (const child of node.children ?? []) walk(child);
    };
    const tree = await page.getStructTree();
    if (tree) walk(tree);
    structure.push(parts.join(" "));
    page.cleanup();
  }
  await document.destroy();
  const find = await searched(items);
  return { path, text: text.join("\n"), find, structure: structure.join("\n") };
}

for (const path of process.argv.slice(2)) {
  process.stdout.write(JSON.stringify(await read(path)) + "\n");
}
