// Findings as a list: kind, where, what it means; choosing one selects its
// first record in the table.
import { h } from "../dom.ts";
import type { Store } from "../store.ts";

const SHOWN = 500;

export class FindingsList {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly summary: HTMLElement;

  constructor(private readonly store: Store, private readonly onSelect: (g: number) => void) {
    this.summary = h("summary", {}, "Findings");
    this.list = h("ol", { class: "findings" });
    this.element = h("details", { class: "findings-panel" }, this.summary, this.list);
  }

  render(): void {
    const all = this.store.findings;
    this.summary.textContent = `Findings (${all.length})${all.length === 0 ? ": nothing flagged" : ""}`;
    this.list.replaceChildren(...all.slice(0, SHOWN).map((f) => h("li", {},
      h("button", { type: "button", class: "link", onclick: () => this.onSelect(f.rows[0]!) },
        `${this.store.file(f.file)?.name ?? "?"} @${f.offset}`), ` ${f.kind}: ${f.explanation}`)));
    if (all.length > SHOWN) this.list.append(h("li", {}, `… and ${all.length - SHOWN} more`));
  }
}
