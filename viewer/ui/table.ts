// The records table, virtually scrolled: only the rows in sight exist as
// elements (a pool reused as it scrolls), so a million rows cost what forty do.
// Past the height a browser can scroll, the scrollbar maps onto rows
// proportionally instead of pixel for pixel.
import { h } from "../dom.ts";
import { COLUMNS, type ColumnKey } from "../tableColumns.ts";
import type { Store } from "../store.ts";
import type { View } from "../view.ts";

const ROW = 22;
/** Tallest spacer used: browsers stop scrolling somewhere past 16 million pixels. */
const MAX_HEIGHT = 8_000_000;

export interface TableEvents {
  onSort(key: ColumnKey): void;
  onFilter(key: ColumnKey, text: string): void;
  onSelect(row: number | undefined): void;
}

export class RecordsTable {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly body: HTMLElement;
  private readonly headers = new Map<ColumnKey, HTMLElement>();
  private pool: HTMLElement[] = [];
  private view: View = { rows: new Uint32Array(0), hits: undefined, hitCount: 0 };
  /** The selected merged row, and where it is in the view. */
  selected: number | undefined;
  private zone = "UTC";

  constructor(private readonly store: Store, private readonly events: TableEvents) {
    const template = COLUMNS.map((c) => c.width).join(" ");
    const head = h("div", { class: "thead", role: "row", "aria-rowindex": 1 },
      ...COLUMNS.map((c) => {
        const button = h("button", { type: "button", class: "sort", onclick: () => events.onSort(c.key) }, c.label);
        const input = h("input", { type: "search", placeholder: c.placeholder, "aria-label": `Filter ${c.label}`,
          oninput: (e: Event) => events.onFilter(c.key, (e.target as HTMLInputElement).value) });
        const cell = h("div", { role: "columnheader", "aria-sort": "none" }, button, input);
        this.headers.set(c.key, cell);
        return cell;
      }));
    this.spacer = h("div", { class: "spacer" });
    this.body = h("div", { class: "rows", role: "rowgroup" });
    this.scroller = h("div", { class: "scroller", tabindex: 0, role: "rowgroup", "aria-label": "Records; arrow keys move the selection" }, this.spacer, this.body);
    this.element = h("div", { class: "table", role: "grid", "aria-label": "Records", "aria-rowcount": 1 }, head, this.scroller);
    this.element.style.setProperty("--columns", template);
    this.scroller.addEventListener("scroll", () => this.render());
    this.scroller.addEventListener("keydown", (e) => this.key(e));
    this.body.addEventListener("click", (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>("[data-row]");
      if (row) this.select(Number(row.dataset.row));
    });
    new ResizeObserver(() => this.render()).observe(this.scroller);
  }

  setView(view: View, zone: string, sort: ColumnKey, descending: boolean): void {
    this.view = view;
    this.zone = zone;
    this.element.setAttribute("aria-rowcount", String(view.rows.length + 1));
    for (const [key, cell] of this.headers) cell.setAttribute("aria-sort", key === sort ? (descending ? "descending" : "ascending") : "none");
    this.spacer.style.height = `${Math.min(view.rows.length * ROW, MAX_HEIGHT)}px`;
    this.render();
  }

  /** The first row in sight, and how far it is scrolled past the top. */
  private firstRow(): { first: number; shift: number } {
    const n = this.view.rows.length;
    const top = this.scroller.scrollTop;
    const visible = Math.ceil(this.scroller.clientHeight / ROW);
    if (n * ROW <= MAX_HEIGHT) return { first: Math.floor(top / ROW), shift: top % ROW };
    const room = Math.max(1, MAX_HEIGHT - this.scroller.clientHeight);
    return { first: Math.round((Math.min(top, room) / room) * Math.max(0, n - visible)), shift: 0 };
  }

  render(): void {
    const rows = this.view.rows;
    const { first, shift } = this.firstRow();
    const count = Math.min(rows.length - first, Math.ceil(this.scroller.clientHeight / ROW) + 1);
    while (this.pool.length < count) {
      const el = h("div", { class: "row", role: "row" }, ...COLUMNS.map(() => h("div", { role: "gridcell" })));
      this.pool.push(el);
      this.body.append(el);
    }
    this.body.style.transform = `translateY(${this.scroller.scrollTop - shift}px)`;
    for (let k = 0; k < this.pool.length; k++) {
      const el = this.pool[k]!;
      if (k >= count) { el.hidden = true; continue; }
      el.hidden = false;
      const g = rows[first + k]!;
      el.dataset.row = String(g);
      el.id = `row-${g}`;
      el.setAttribute("aria-rowindex", String(first + k + 2));
      el.setAttribute("aria-selected", String(g === this.selected));
      el.classList.toggle("hit", this.view.hits?.[g] === 1);
      el.classList.toggle("flagged", (this.store.records!.flags[g]! & 0x17) !== 0);
      const cells = el.children;
      for (let c = 0; c < COLUMNS.length; c++) {
        const text = COLUMNS[c]!.text(this.store, g, this.zone);
        const cell = cells[c] as HTMLElement;
        if (cell.textContent !== text) { cell.textContent = text; cell.title = text; }
      }
    }
    const active = this.selected !== undefined && this.pool.some((el) => !el.hidden && el.dataset.row === String(this.selected));
    if (active) this.scroller.setAttribute("aria-activedescendant", `row-${this.selected}`);
    else this.scroller.removeAttribute("aria-activedescendant");
  }

  /** Selects merged row `g` (shown in the detail pane) and scrolls it into sight if it is in the view. */
  select(g: number | undefined, scroll = false): void {
    this.selected = g;
    if (scroll && g !== undefined) {
      const at = this.view.rows.indexOf(g);
      if (at >= 0) this.scrollTo(at);
    }
    this.render();
    this.events.onSelect(g);
  }

  /** Where row `g` is in the view, or -1. */
  positionOf(g: number): number {
    return this.view.rows.indexOf(g);
  }

  scrollTo(position: number): void {
    const n = this.view.rows.length;
    const visible = Math.floor(this.scroller.clientHeight / ROW);
    if (n * ROW <= MAX_HEIGHT) {
      const top = position * ROW;
      if (top < this.scroller.scrollTop || top + ROW > this.scroller.scrollTop + this.scroller.clientHeight) {
        this.scroller.scrollTop = Math.max(0, top - ROW * Math.floor(visible / 2));
      }
    } else {
      const room = MAX_HEIGHT - this.scroller.clientHeight;
      this.scroller.scrollTop = (position / Math.max(1, n - visible)) * room;
    }
    this.render();
  }

  private key(e: KeyboardEvent): void {
    const n = this.view.rows.length;
    if (n === 0) return;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW) - 1);
    const at = this.selected === undefined ? -1 : this.view.rows.indexOf(this.selected);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, PageDown: at + page, PageUp: at - page, Home: 0, End: n - 1 };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const position = Math.max(0, Math.min(n - 1, to));
    this.selected = this.view.rows[position];
    this.scrollTo(position);
    this.events.onSelect(this.selected);
  }

  /** For measuring: the scroller, to scroll it as a user would. */
  get scrollElement(): HTMLElement {
    return this.scroller;
  }
}
