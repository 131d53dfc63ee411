// What PDF.js, the reader inside Firefox, finds in PDFs: for each file named on the command line, one
// JSON line {"path", "text", "structure"}. "text" is getTextContent's items in order, a line's end
// as "\n" (what find and copy-paste work on); "structure" is what Firefox hands to assistive
// technology: the structure tree read depth first, an element's /Alt or /ActualText in place of its
// content, each marked-content sequence's text where the tree names it.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { readFile } from "node:fs/promises";

function joined(items) {
  return items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join("");
}

async function read(path) {
  const data = new Uint8Array(await readFile(path));
  const document = await getDocument({ data, verbosity: 0, useSystemFonts: false }).promise;
  const text = [], structure = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    text.push(joined((await page.getTextContent()).items));
    // text under the nearest enclosing marked content that has an id, as Firefox's text layer does
    const marked = new Map(), open = [];
    for (const item of (await page.getTextContent({ includeMarkedContent: true })).items) {
      if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") {
        open.push(item.id ?? null);
      } else if (item.type === "endMarkedContent") {
        open.pop();
      } else if (item.str !== undefined) {
        const id = open.findLast((entry) => entry !== null);
        if (id !== undefined) marked.set(id, (marked.get(id) ?? "") + item.str + (item.hasEOL ? "\n" : ""));
      }
    }
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
  return { path, text: text.join("\n"), structure: structure.join("\n") };
}

for (const path of process.argv.slice(2)) {
  process.stdout.write(JSON.stringify(await read(path)) + "\n");
}
