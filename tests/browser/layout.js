// The layout check run by tests/browser/layout.py (see its docstring).
(allowedScrollers) => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) {
    problems.push(`the page is ${doc.scrollWidth} px wide in a ${window.innerWidth} px window`);
  }
  const name = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    if (typeof el.className === "string" && el.className.trim()) {
      text += "." + el.className.trim().split(/\s+/).join(".");
    }
    const words = (el.innerText || el.textContent || "").trim().replace(/\s+/g, " ");
    return words ? `${text} ("${words.slice(0, 50)}")` : text;
  };
  const unseen = (el) => {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") return true;
    const box = el.getBoundingClientRect();
    // .visually-hidden: 1 px, clipped, for screen readers only.
    if (box.width <= 1 && box.height <= 1) return true;
    const clipped = style.clipPath === "inset(50%)" || style.clip !== "auto";
    return style.position === "absolute" && clipped;
  };
  const scrollsSideways = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const skipped = new Set();
  for (const el of document.body.querySelectorAll("*")) {
    const parent = el.parentElement;
    if (skipped.has(parent) || unseen(el)) { skipped.add(el); continue; }
    if (["script", "style", "template", "noscript"].includes(el.tagName.toLowerCase())) continue;
    if (scrollsSideways(el)) {
      skipped.add(el);  // what is inside may be wider: the container scrolls
      if (el.scrollWidth > el.clientWidth + 1 && !el.matches(allowedScrollers)) {
        problems.push(`${name(el)} scrolls sideways: ${el.scrollWidth} px of content in ${el.clientWidth} px`);
      }
    }
    if (parent === document.body) continue;
    const position = getComputedStyle(el).position;
    if (position === "fixed" || position === "absolute") continue;  // checked against the page
    const box = el.getBoundingClientRect();
    const outer = parent.getBoundingClientRect();
    if (box.right > outer.right + 1 || box.left < outer.left - 1) {
      const span = (b) => `${Math.round(b.left)}–${Math.round(b.right)} px`;
      const container = name(parent).split(" (")[0];
      problems.push(`${name(el)} (${span(box)}) sticks out of ${container} (${span(outer)})`);
      skipped.add(el);  // one report per fault, not one per descendant
    }
  }
  // Text sticks out on its own too: an unbreakable word, a long address.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const parent = text.parentElement;
    if (!parent || skipped.has(parent) || !text.textContent.trim()) continue;
    if (["script", "style", "template", "noscript"].includes(parent.tagName.toLowerCase())) continue;
    if (unseen(parent)) continue;
    // Text clipped on purpose: an icon button's label moved out of its box (text-indent).
    if (["hidden", "clip"].includes(getComputedStyle(parent).overflowX)) continue;
    range.selectNodeContents(text);
    const box = range.getBoundingClientRect();
    const outer = parent.getBoundingClientRect();
    if (box.width && (box.right > outer.right + 1 || box.left < outer.left - 1)) {
      const words = text.textContent.trim().slice(0, 50);
      problems.push(`text "${words}" sticks out of ${name(parent).split(" (")[0]}`);
      skipped.add(parent);
    }
  }
  return problems;
}
