// ---------------------------------------------------------------------------------------------------
// Markup: escaped by construction

/** HTML that is safe to emit as is: only `el` and `rawTextElement` make it. */
export class Markup {
  constructor(readonly html: string) {}
}

export type Child = Markup | string | number | null | undefined | false | readonly Child[];
type Attributes = Readonly<Record<string, string | number | boolean | null | undefined>>;

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

const UNSAFE_CHARACTER = /[&<>"']/;
const UNSAFE_CHARACTERS = /[&<>"']/g;

/**
 * Safe both as text and inside a double-quoted attribute. Most texts need nothing, and testing for the
 * characters costs less than replacing none.
 */
export function escapeHtml(text: string): string {
  return UNSAFE_CHARACTER.test(text) ? text.replace(UNSAFE_CHARACTERS, (c) => ENTITIES[c] ?? c) : text;
}

/** Numbers are written as they are: their digits need no escaping. */
function escaped(value: string | number): string {
  return typeof value === "number" ? String(value) : escapeHtml(value);
}

/** The children's HTML, linked with `+` (see FLAT_ELEMENT_MAX_LENGTH). */
function serialize(child: Child): string {
  if (child instanceof Markup) return child.html;
  if (typeof child === "string" || typeof child === "number") return escaped(child);
  if (child === null || child === undefined || child === false) return "";
  let html = "";
  for (const item of child) html += serialize(item);
  return html;
}

const VOID_ELEMENTS = new Set(["meta", "img", "input"]);

/**
 * `+` links two strings without copying them (V8 copies the whole page once, when it is written out);
 * `Array.join` copies them into one flat string. An element up to this long is copied, which costs less
 * than the links it would leave behind; a longer one is linked, so that the page's markup is not copied
 * again for every element around it.
 */
const FLAT_ELEMENT_MAX_LENGTH = 2048;

/** An element; attribute names are this module's constants, values and children are escaped. */
export function el(tag: string, attributes: Attributes, ...children: Child[]): Markup {
  let open = `<${tag}`;
  // for…in rather than Object.keys: it runs for every element of the page, and makes no array of names.
  for (const name in attributes) {
    const value = attributes[name];
    if (value === null || value === undefined || value === false) continue;
    open += value === true ? ` ${name}` : ` ${name}="${escaped(value)}"`;
  }
  open += ">";
  if (VOID_ELEMENTS.has(tag)) return new Markup(open);
  const inner = serialize(children);
  const close = `</${tag}>`;
  return new Markup(
    inner.length <= FLAT_ELEMENT_MAX_LENGTH ? [open, inner, close].join("") : open + inner + close,
  );
}

/** `<style>` and `<script>` take raw text, which escaping would break: only this module's constants go there. */
export function rawTextElement(tag: "style" | "script", content: string): Markup {
  if (content.toLowerCase().includes(`</${tag}`))
    throw new Error(`<${tag}> content would close its element early`);
  return new Markup(`<${tag}>${content}</${tag}>`);
}

/** Whether the UTF-16 unit is one of `[A-Za-z0-9.-]`. */
function isSafeInId(unit: number): boolean {
  return (
    (unit >= 0x61 && unit <= 0x7a) || // a-z
    (unit >= 0x41 && unit <= 0x5a) || // A-Z
    (unit >= 0x30 && unit <= 0x39) || // 0-9
    unit === 0x2e || // .
    unit === 0x2d // -
  );
}

/**
 * An id attribute for any key (a code, an action id): characters outside `[A-Za-z0-9.-]` become
 * `_<hex>_` (a character beyond the BMP by its code point), so distinct keys never share an id and
 * fragments need no escaping. One pass over the units: this runs for every row of the table.
 */
export function anchorId(prefix: "code" | "action" | "d", key: string): string {
  let id = `${prefix}-`;
  let copiedTo = 0;
  for (let i = 0; i < key.length; i++) {
    if (isSafeInId(key.charCodeAt(i))) continue;
    const codePoint = key.codePointAt(i) ?? 0;
    id += `${key.slice(copiedTo, i)}_${codePoint.toString(16)}_`;
    if (codePoint > 0xffff) i++;
    copiedTo = i + 1;
  }
  return id + key.slice(copiedTo);
}

/**
 * A wide table in its own scroll region, so that a narrow window scrolls the table, not the page;
 * focusable, so that the keyboard can scroll it too.
 */
export function scrollRegion(label: string, content: Markup): Markup {
  return el("div", { class: "scroll", role: "region", tabindex: 0, "aria-label": label }, content);
}
