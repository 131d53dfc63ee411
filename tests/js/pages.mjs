// What Chromium makes of our HTML pages: for each file named on the command line, one JSON line
// {"path", "violations", "requests", "overflow"}, all pages in one browser. "violations" are axe-core's
// findings for the WCAG 2.0, 2.1 and 2.2 A and AA rules (rule id, impact, the first element's selector);
// "requests" every request the page made for anything but a file in its own output folder (the folder
// given by --root), which must be none; "overflow" how many CSS pixels the page scrolls sideways at
// 320 px wide (WCAG 1.4.10, reflow), with WCAG 1.4.12's text spacing applied. --root may be given for
// each output folder; a page may load from the one it is in. With --shots FOLDER, a screenshot of each
// page at 1280 and at 320 px; with --tree, Chromium's accessibility tree of each page. Lines come in the
// order the pages finish.
import puppeteer from "puppeteer-core";
import { readFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
// WCAG 1.4.12: line height 1.5, paragraphs 2 x the size apart, letters 0.12 and words 0.16 of it
const SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`;

const args = process.argv.slice(2);
const option = (name) => {
  const values = [];
  for (let at = args.indexOf(name); at >= 0; at = args.indexOf(name)) values.push(args.splice(at, 2)[1]);
  return values;
};
const [shots] = option("--shots");
const roots = option("--root").map((root) => pathToFileURL(resolve(root)).href + "/");
const tree = args.includes("--tree") && args.splice(args.indexOf("--tree"), 1).length > 0;
const TABS = 2; // pages checked side by side: the browser waits on one while it lays out the other

async function check(page, path) {
  const url = pathToFileURL(resolve(path)).href;
  const own = roots.find((root) => url.startsWith(root));
  const requests = [];
  const listener = (request) => {
    const allowed = (own && request.url().startsWith(own)) || request.url().startsWith("data:");
    if (!allowed) requests.push(request.url());
    allowed ? request.continue() : request.abort();
  };
  page.on("request", listener);
  const name = basename(dirname(path)) + "-" + basename(path, ".html");
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready);
  if (shots) await page.screenshot({ path: `${shots}/${name}-1280.png`, fullPage: true });
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => axe.run(document, { runOnly: { type: "tag", values: tags },
                                                                   resultTypes: ["violations"] }), TAGS);
  const accessibility = tree ? await page.accessibility.snapshot({ interestingOnly: false }) : undefined;
  await page.setViewport({ width: 320, height: 640 });
  if (shots) await page.screenshot({ path: `${shots}/${name}-320.png`, fullPage: true });
  await page.addStyleTag({ content: SPACING });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth
                                             - document.documentElement.clientWidth);
  page.off("request", listener);
  const violations = result.violations.map((v) => ({ id: v.id, impact: v.impact, target: v.nodes[0]?.target,
                                                    count: v.nodes.length }));
  return { path, violations, requests, overflow, tree: accessibility };
}

// no time limits of puppeteer's own (30 s by default): on a busy machine a slow start or page is not a failure
const browser = await puppeteer.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"], timeout: 0,
                                         protocolTimeout: 0 });
try {
  const queue = [...args];
  await Promise.all(Array.from({ length: Math.min(TABS, queue.length) }, async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    await page.setRequestInterception(true);
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      process.stdout.write(JSON.stringify(await check(page, path)) + "\n");
    }
  }));
} finally {
  await browser.close();
}
