// DOM helpers shared by the pages.

/** Creates an element with an optional class and text (never HTML: text goes in as textContent). */
export function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
