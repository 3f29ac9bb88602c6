// The audit's findings as a list: where, kind, what it means; choosing one
// selects its first record in the table.
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
    const errors = this.store.auditErrors;
    this.summary.textContent = `Findings (${all.length})${all.length === 0 ? ": nothing flagged" : ""}${errors.length ? `; the audit could not read ${errors.length} file${errors.length > 1 ? "s" : ""}` : ""}`;
    this.list.replaceChildren(...all.slice(0, SHOWN).map((f) => {
      const where = `${this.store.file(f.file)?.name ?? "?"}${f.offset === null ? "" : ` @${f.offset}`}`;
      // a finding about the host as a whole (an attack summary) has no record to jump to
      const label = f.rows.length > 0 ? h("button", { type: "button", class: "link", onclick: () => this.onSelect(f.rows[0]!) }, where) : h("span", {}, where);
      return h("li", { "data-kind": f.kind }, label, ` ${f.kind}: ${f.explanation}`);
    }));
    if (all.length > SHOWN) this.list.append(h("li", {}, `… and ${all.length - SHOWN} more`));
    for (const e of errors) this.list.append(h("li", { class: "error" }, e));
  }
}
